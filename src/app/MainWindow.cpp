#include "MainWindow.h"

#include "core/Timecode.h"
#include "formats/SessionFile.h"

namespace cuesmith {

class MainWindow::Content final : public juce::Component {
public:
    Content()
    {
        addAndMakeVisible(title_);
        addAndMakeVisible(status_);
        addAndMakeVisible(openButton_);
        addAndMakeVisible(fitButton_);
        addAndMakeVisible(timeline_);
        title_.setFont(juce::Font(18.0f, juce::Font::bold));
        title_.setText("Cuesmith", juce::dontSendNotification);
        status_.setText("No session open. Open a .cuesmith session, or run scripts/demo.", juce::dontSendNotification);
        status_.setColour(juce::Label::textColourId, juce::Colours::lightgrey);
        openButton_.onClick = [this] { chooseSession(); };
        fitButton_.onClick = [this] { timeline_.fitAll(); };
    }

    void openSession(const juce::File& file)
    {
        try {
            const Session session = loadSession(file.getFullPathName().toStdString());
            showSession(session, file);
        } catch (const std::exception& e) {
            status_.setText(e.what(), juce::dontSendNotification);
            status_.setColour(juce::Label::textColourId, juce::Colours::orange);
        }
    }

    void paint(juce::Graphics& g) override { g.fillAll(juce::Colour(0xff1e2126)); }

    void resized() override
    {
        auto area = getLocalBounds().reduced(8);
        auto header = area.removeFromTop(52);
        auto buttons = header.removeFromRight(170);
        openButton_.setBounds(buttons.removeFromLeft(80).reduced(2, 12));
        fitButton_.setBounds(buttons.removeFromLeft(80).reduced(2, 12));
        title_.setBounds(header.removeFromTop(26));
        status_.setBounds(header);
        area.removeFromTop(4);
        timeline_.setBounds(area);
    }

private:
    void showSession(const Session& session, const juce::File& file)
    {
        title_.setText(juce::String(session.projectName) + "  -  " + file.getFileName(), juce::dontSendNotification);
        const CutVersion* cut = session.currentCutVersion();
        juce::String status = juce::String(frameRateName(session.frameRate)) + " fps  |  "
                              + juce::String(session.sampleRate) + " Hz  |  picture "
                              + juce::String(formatFrames(session.pictureStartFrame, session.frameRate))
                              + "  |  cut " + (cut ? juce::String(cut->name) : juce::String("none")) + " of "
                              + juce::String(static_cast<int>(session.cuts.size())) + "  |  "
                              + juce::String(static_cast<int>(session.cues.size())) + " cues";
        status_.setText(status, juce::dontSendNotification);
        status_.setColour(juce::Label::textColourId, juce::Colours::lightgrey);
        timeline_.setSession(session);
    }

    void chooseSession()
    {
        chooser_ = std::make_unique<juce::FileChooser>("Open a Cuesmith session", juce::File(), "*.cuesmith");
        chooser_->launchAsync(juce::FileBrowserComponent::openMode | juce::FileBrowserComponent::canSelectFiles,
                              [this](const juce::FileChooser& fc) {
                                  if (fc.getResult().existsAsFile())
                                      openSession(fc.getResult());
                              });
    }

    juce::Label title_, status_;
    juce::TextButton openButton_{"Open..."}, fitButton_{"Fit"};
    TimelineComponent timeline_;
    std::unique_ptr<juce::FileChooser> chooser_;
};

MainWindow::MainWindow()
    : juce::DocumentWindow("Cuesmith", juce::Colour(0xff1e2126), juce::DocumentWindow::allButtons)
{
    auto content = std::make_unique<Content>();
    content_ = content.get();
    setUsingNativeTitleBar(true);
    setContentOwned(content.release(), false);
    setResizable(true, true);
    centreWithSize(1280, 640);
    setVisible(true);
}

MainWindow::~MainWindow() = default;

void MainWindow::openSession(const juce::File& file) { content_->openSession(file); }

void MainWindow::closeButtonPressed() { juce::JUCEApplication::getInstance()->systemRequestedQuit(); }

} // namespace cuesmith
