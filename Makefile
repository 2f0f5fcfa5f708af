# qkdtutor — make run | make test | make bench | make install PREFIX=...
SHELL := /bin/bash
PREFIX ?= /usr/local
SWIFT ?= swift
APT_PACKAGES := libncurses-dev libreadline-dev libsqlite3-dev
TEST_PACKAGES := tmux
export SWIFT_BACKTRACE := interactive=no

.PHONY: run test build release deps test-deps e2e bench bench-class install uninstall clean lint fuzz

# Install what is missing (Debian), build, start the tutor.
run: deps release
	@.build/release/qkdtutor

# Install what is missing, then run every test: unit, statistical, lessons, end to end.
test: deps test-deps
	$(SWIFT) build
	$(SWIFT) test --parallel --num-workers 2
	Tests/e2e/run.sh .build/debug/qkdtutor

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

bench: deps release
	.build/release/qkdtutor bench

# The live classroom on loopback: a server process, 300 simulated students x 10 questions.
bench-class: deps release
	.build/release/qkdtutor class bench --students 300 --questions 10

install: release
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/qkdtutor/Lessons
	install -m 755 .build/release/qkdtutor $(DESTDIR)$(PREFIX)/bin/qkdtutor
	cp -R Lessons/. $(DESTDIR)$(PREFIX)/share/qkdtutor/Lessons/
	install -d $(DESTDIR)$(PREFIX)/share/qkdtutor/Scenarios
	install -m 644 Sources/QKDNetwork/Scenarios/*.json $(DESTDIR)$(PREFIX)/share/qkdtutor/Scenarios/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/qkdtutor
	rm -rf $(DESTDIR)$(PREFIX)/share/qkdtutor

clean:
	rm -rf .build

# apt-get only for packages that are missing; sudo only when not root.
deps:
	@scripts/ensure-packages.sh $(APT_PACKAGES)

test-deps:
	@scripts/ensure-packages.sh $(TEST_PACKAGES)

# libFuzzer targets in their own scratch folder; FUZZ_TIME seconds each.
FUZZ_TIME ?= 60
FUZZ_TARGETS ?= command-line lesson expression progress scenario
fuzz: deps
	QKDTUTOR_FUZZ=1 $(SWIFT) build --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer --product QKDTutorFuzz
	scripts/fuzz.sh $(FUZZ_TIME) $(FUZZ_TARGETS)
