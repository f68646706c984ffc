#include "CuesmithApplication.h"

#include "MainWindow.h"

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

} // namespace

int runWindow(int argc, char** argv)
{
    juce::JUCEApplicationBase::createInstance = &createApplication;
    return juce::JUCEApplicationBase::main(argc, const_cast<const char**>(argv));
}

} // namespace cuesmith
