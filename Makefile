# The two set-up commands of the README: `make demo` and `make test`.
GO ?= go
BIN := bin/impact

.PHONY: build demo test vet fuzz bench assets clean

build:
	$(GO) build -o $(BIN) ./cmd/impact

demo: build
	./$(BIN) init impact-demo && cd impact-demo && ../$(BIN) check && ../$(BIN) plan

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); echo "gofmt: files above need formatting"; exit 1)

test: vet
	$(GO) test -race -count=1 ./...

fuzz:
	$(GO) test ./toc -run '^$$' -fuzz FuzzParse -fuzztime 5m
	$(GO) test ./engine -run '^$$' -fuzz FuzzCompileRules -fuzztime 5m

bench:
	$(GO) test ./... -run '^$$' -bench . -benchmem

clean:
	rm -rf bin impact-demo
