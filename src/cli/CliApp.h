#pragma once
// `cuesmith <subcommand>`: the headless entry. Everything runs on the calling thread, needs no
// display, prints text (or JSON with --json) to stdout, and ends a failure with one line on
// stderr and a non-zero exit code.

namespace cuesmith {

// True when argv[1] names a subcommand or a help/version flag, i.e. the call is for runCli.
bool isCliInvocation(int argc, char** argv);

// Returns the process exit code.
int runCli(int argc, char** argv);

} // namespace cuesmith
