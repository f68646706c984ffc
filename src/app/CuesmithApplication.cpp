#include "CuesmithApplication.h"

#include "MainWindow.h"

#include <cstdio>
#include <cstdlib>
#include <dlfcn.h>
#include <juce_gui_basics/juce_gui_basics.h>

namespace cuesmith {

namespace {

class CuesmithApplication final : public juce::JUCEApplication {
public:
    const juce::String getApplicationName() override { return "Cuesmith"; }
    const juce::String getApplicationVersion() override { return JUCE_APPLICATION_VERSION_STRING; }
    bool moreThanOneInstanceAllowed() override { return true; }

    void initialise(const juce::String& commandLine) override
    {
        window_ = std::make_unique<MainWindow>();
        const juce::String path = commandLine.unquoted().trim();
        if (path.isNotEmpty())
            window_->openSession(juce::File::getCurrentWorkingDirectory().getChildFile(path));
    }

    void shutdown() override { window_.reset(); }
    void systemRequestedQuit() override { quit(); }

private:
    std::unique_ptr<MainWindow> window_;
};

juce::JUCEApplicationBase* createApplication() { return new CuesmithApplication(); }

// JUCE crashes when it cannot reach an X server, so ask libX11 first (JUCE loads the same
// library at run time; it is not linked).
bool canOpenDisplay()
{
    const char* display = std::getenv("DISPLAY");
    if (display == nullptr || *display == '\0')
        return false;
    void* x11 = dlopen("libX11.so.6", RTLD_NOW | RTLD_LOCAL);
    if (x11 == nullptr)
        return false;
    using Open = void* (*)(const char*);
    using Close = int (*)(void*);
    const auto open = reinterpret_cast<Open>(dlsym(x11, "XOpenDisplay"));
    const auto close = reinterpret_cast<Close>(dlsym(x11, "XCloseDisplay"));
    bool ok = false;
    if (open != nullptr && close != nullptr)
        if (void* connection = open(nullptr)) {
            close(connection);
            ok = true;
        }
    dlclose(x11);
    return ok;
}

} // namespace

int runWindow(int argc, char** argv)
{
    if (!canOpenDisplay()) {
        std::fprintf(stderr, "cuesmith: no display to open the window on (set DISPLAY, or give a subcommand: "
                             "cuesmith --help)\n");
        return 2;
    }
    juce::JUCEApplicationBase::createInstance = &createApplication;
    return juce::JUCEApplicationBase::main(argc, const_cast<const char**>(argv));
}

} // namespace cuesmith
