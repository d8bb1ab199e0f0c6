#!/bin/sh
# upload-memory.sh KIND: the peak memory of `impact serve` while it takes
# a 191 MB upload (4,761,905 participation rows) through POST /api/imports.
#   bad       every row checked, the last one bad: nothing written (400)
#   repeat    10,000 pupils on 56 dates: all written (201)
#   distinct  a new pupil on every row: refused past a million (400)
# Needs go, curl and awk; run from the repository's root:
#   for k in bad repeat distinct; do sh docs/upload-memory.sh $k; done
set -eu
kind=$1
work=${TMPDIR:-/tmp}/impact-upload-memory
mkdir -p "$work"
go build -o "$work/impact" ./cmd/impact
dir=$work/p-$kind
rm -rf "$dir"
export IMPACT_TODAY=2025-03-01
"$work/impact" init "$dir" >/dev/null
"$work/impact" import --dir "$dir" "$dir/participation.csv" >/dev/null
pw=$("$work/impact" user add ed --role editor --dir "$dir" | tail -n 1)
csv=$work/$kind.csv
[ -f "$csv" ] || awk -v kind="$kind" 'BEGIN {
	print "activity,date,participant,school,disadvantaged"
	for (i = 0; i < 4761905; i++) {
		d = int(i / 10000) % 56
		date = sprintf("2023-%02d-%02d", 10 + int(d / 28), 1 + d % 28)
		p = kind == "distinct" ? i : i % 10000
		if (kind == "distinct") date = sprintf("2023-10-%02d", 1 + i % 28)
		if (kind == "bad" && i == 4761904) date = "not-a-date"
		printf "careers-fair,%s,U%09d,wsh,no\n", date, p
	}
}' >"$csv"
port=$(awk 'BEGIN { srand(); print 20000 + int(rand() * 20000) }')
"$work/impact" serve --dir "$dir" --addr "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
until curl -s -o /dev/null "http://127.0.0.1:$port/login"; do sleep 0.2; done
before=$(awk '/VmRSS/ { print $2 }' /proc/$pid/status)
token=$(curl -s -c "$work/cookies" -H 'Content-Type: application/json' \
	-d "{\"name\":\"ed\",\"password\":\"$pw\"}" "http://127.0.0.1:$port/api/login" |
	sed 's/.*"csrf_token":"\([^"]*\)".*/\1/')
start=$(date +%s.%N)
code=$(curl -s -o "$work/answer" -w '%{http_code}' -b "$work/cookies" -H "X-CSRF-Token: $token" \
	-F "file=@$csv;type=text/csv" "http://127.0.0.1:$port/api/imports")
end=$(date +%s.%N)
peak=$(awk '/VmHWM/ { print $2 }' /proc/$pid/status)
echo "$kind: $(du -m "$csv" | cut -f1) MB -> HTTP $code in $(echo "$end - $start" | bc) s;" \
	"serve's RSS $((before / 1024)) MiB before, $((peak / 1024)) MiB at its peak"
head -c 200 "$work/answer"
echo
