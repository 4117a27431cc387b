# The README's two commands: `make demo` and `make test`. Only Go and make are needed.
GO      ?= go
BIN     := bin/importer
# -race needs cgo and a C compiler; without them the tests still run, without the detector.
RACE    := $(shell [ "$$($(GO) env CGO_ENABLED)" = 1 ] && command -v "$$($(GO) env CC)" >/dev/null 2>&1 && echo -race)

.PHONY: all build test vet fmt bench demo docs clean

all: build

# The commit the binary is built from, in its log and the journal (empty outside a git clone,
# and in a source tree unpacked inside another repository's work tree, which is not its own).
VERSION := $(shell git ls-files --error-unmatch Makefile >/dev/null 2>&1 && git describe --always --dirty 2>/dev/null)

build:
	$(GO) build -ldflags "-X main.builtFrom=$(VERSION)" -o $(BIN) ./cmd/importer

vet:
	@fmt=$$(gofmt -l $$(find . -name '*.go' -not -path './out/*')); \
	if [ -n "$$fmt" ]; then echo "gofmt would change:"; echo "$$fmt"; exit 1; fi
	$(GO) vet ./...

test: vet
	$(GO) test $(RACE) -count=1 ./...

# Micro-benchmarks run for Go's default time; the end-to-end ones in pipeline/ (a simulator
# process, an importer process, up to 1,000,000 rows each) run once. Among them, issue 14's
# reading and report benchmarks (BenchmarkValidateXLSX1M: a 1,000,000-row workbook against
# excelize's streaming reader, about 2.5 min; BenchmarkValidateReports1M: the CSV report
# against the XLSX one, about 20 s) and issue 12's hostile inputs (BenchmarkHostile*: zip
# bombs, 1.3 GiB of shared strings, huge CSV lines, headers and fields, endless and dense answers,
# set rows shuffled against their records, a key column copied down; each fails past 300 MB
# peak RSS or on a wrong outcome; about 2.5 min in all) add about
# 5 minutes on 2 shared cores and need about 1.5 GB free in the temporary folder; its
# capacity benchmarks (BenchmarkCapacity: 3 s of work per case; BenchmarkCapacity40ms: the same
# at 40 ms round trips, C = 24, 64 and none, three draws each; BenchmarkCapacityLong: 30 s of
# work at C = 4, 16, 64 and none; BenchmarkCapacityHalvesMidway, BenchmarkCapacitySlowsMidway)
# take about 5 minutes (BENCH_SEEDS=30 runs the first two over 30 draws of the simulator, about
# 10 to 13 minutes each; BENCH_WORK=6s, six seconds of work a run); BenchmarkAdaptiveLimiterSeeds,
# the limiter alone in virtual time over 200 seeds per capacity (its tails: a change must not
# lengthen them), about 15 s, and
# BenchmarkAdaptiveLimiterSweep, its misses at --workers a little over the capacity and at
# round trips of 2 to 20 ms, on the seeds it was tuned on and on 200 held out, about 20 s.
# All of `make bench` took 15 to 17 minutes on 2026-11-30. The
# *InProcess benchmarks are profiling tools and skip unless BENCH_PROFILE_DIR is set
# (pipeline/profile_bench_test.go).
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./values ./soap ./writers ./simulator ./readers ./templates ./journal
	$(GO) test -run '^$$' -bench . -benchtime=1x -timeout 60m ./pipeline

# The command reference (docs/cli/*.md) and man pages (docs/cli/man/) from the commands'
# definitions; cmd/importer's tests fail when they are out of date.
docs:
	$(GO) run ./cmd/importer gen-docs docs/cli

demo: build
	@sh ./scripts/demo.sh $(BIN)

clean:
	rm -rf bin out
