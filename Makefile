# The two set-up commands of the README: `make demo` and `make test`.
GO ?= go
BIN := bin/impact

.PHONY: build demo test vet fuzz bench assets clean

build: assets
	$(GO) build -o $(BIN) ./cmd/impact

# demo: the main job — the demo partnership, imported and reported, in
# ./impact-demo (made afresh each time: it comes from a fixed seed).
demo: build
	rm -rf impact-demo
	./$(BIN) demo --out impact-demo

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); echo "gofmt: files above need formatting"; exit 1)

test: vet assets
	$(GO) test -race -count=1 ./...

fuzz:
	$(GO) test ./toc -run '^$$' -fuzz FuzzParse -fuzztime 5m -fuzzminimizetime 10s -parallel 1
	$(GO) test ./engine -run '^$$' -fuzz FuzzCompileRules -fuzztime 5m -fuzzminimizetime 10s -parallel 1

# assets: the charting library inlined into every report (pinned in
# package-lock.json); without it reports load it from the network and say so.
assets: reports/assets/echarts.min.js

reports/assets/echarts.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund
	cp node_modules/echarts/dist/echarts.min.js $@

bench:
	$(GO) test ./... -run '^$$' -bench . -benchmem

clean:
	rm -rf bin impact-demo
