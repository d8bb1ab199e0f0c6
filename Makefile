# The two set-up commands of the README: `make demo` and `make test`.
GO ?= go
BIN := bin/impact

.PHONY: build demo test vet fuzz bench assets clean

build:
	$(GO) build -o $(BIN) ./cmd/impact

# demo: the main job — the demo partnership, imported and reported, in
# ./impact-demo (made afresh each time: it comes from a fixed seed).
demo: build
	rm -rf impact-demo
	./$(BIN) demo --out impact-demo

# vet: go vet, gofmt and staticcheck (pinned as a tool in go.mod).
vet:
	$(GO) vet ./...
	$(GO) vet -tags load ./reports/web
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); echo "gofmt: files above need formatting"; exit 1)
	$(GO) tool staticcheck ./...

# The web tests run twice: on SQLite, and on PostgreSQL (DESIGN §15).
# The PostgreSQL tests use the server IMPACT_TEST_PG_URL names, else a
# throwaway one .ci/with-pg starts and stops (IMPACT_TEST_PG=skip skips
# them, saying so).
test: vet assets
	.ci/with-pg sh -c '$(GO) test -race -count=1 ./... && IMPACT_TEST_STORE=postgres $(GO) test -race -count=1 ./reports/web'

# fuzz: every parser and decoder, FUZZTIME each (10 minutes unless told).
FUZZTIME ?= 10m
fuzz:
	$(GO) test ./toc -run '^$$' -fuzz 'FuzzParse$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 10s -parallel 1
	$(GO) test ./toc -run '^$$' -fuzz FuzzParseStrands -fuzztime $(FUZZTIME) -fuzzminimizetime 10s -parallel 1
	$(GO) test ./engine/rules -run '^$$' -fuzz FuzzCompileRules -fuzztime $(FUZZTIME) -fuzzminimizetime 10s -parallel 1
	$(GO) test ./engine/intake -run '^$$' -fuzz FuzzCSVReader -fuzztime $(FUZZTIME) -fuzzminimizetime 10s -parallel 1
	$(GO) test ./engine/intake -run '^$$' -fuzz FuzzOpen -fuzztime $(FUZZTIME) -fuzzminimizetime 10s -parallel 1
	$(GO) test ./reports/web -run '^$$' -fuzz FuzzDecodeJSON -fuzztime $(FUZZTIME) -fuzzminimizetime 10s -parallel 1

# assets: the charting library every report carries is committed in
# reports/assets/; this checks it is, byte for byte, the echarts pinned in
# package-lock.json (npm ci verifies the package's integrity hash).
assets:
	npm ci --no-audit --no-fund
	@cmp node_modules/echarts/dist/echarts.min.js reports/assets/echarts.min.js || \
		(echo "reports/assets/echarts.min.js differs from the pinned echarts: copy node_modules/echarts/dist/echarts.min.js over it"; exit 1)

bench:
	$(GO) test ./... -run '^$$' -bench . -benchmem

clean:
	rm -rf bin impact-demo
