// The one `cuesmith` binary: with a subcommand it runs headless (no display touched); without one
// it opens the window, with an optional session file to open.

#include "cli/CliApp.h"

#include <iostream>

#if CUESMITH_WITH_WINDOW
#include "CuesmithApplication.h"
#endif

int main(int argc, char** argv)
{
    if (cuesmith::isCliInvocation(argc, argv))
        return cuesmith::runCli(argc, argv);
#if CUESMITH_WITH_WINDOW
    return cuesmith::runWindow(argc, argv);
#else
    if (argc < 2)
        std::cerr << "cuesmith: built without the window; give a subcommand (see --help)\n";
    else
        std::cerr << "cuesmith: '" << argv[1] << "' is not a subcommand, and this build has no window (see --help)\n";
    return 2;
#endif
}
