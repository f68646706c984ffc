#include "MainWindow.h"

#include "AudioOutput.h"
#include "LevelMeter.h"
#include "MixerPanel.h"
#include "PlacementChoices.h"
#include "ProgramBuilder.h"
#include "core/Fitter.h"
#include "core/Placement.h"
#include "core/SpeechEdits.h"
#include "core/Timecode.h"
#include "formats/SessionFile.h"
#include "media/CueStretchEdit.h"

#include <array>
#include <cmath>
#include <functional>
#include <thread>
#include <tuple>

namespace cuesmith {

// Rows of the change report under the timeline: "1M02  splice at 01:00:34:12 is off the bar line".
class ChangeReportModel final : public juce::ListBoxModel {
public:
    struct Row {
        std::string cue, note;
    };
    std::vector<Row> rows;
    std::function<void(const std::string&)> onSelect;

    int getNumRows() override { return static_cast<int>(rows.size()); }

    void paintListBoxItem(int row, juce::Graphics& g, int width, int height, bool selected) override
    {
        if (row < 0 || row >= getNumRows())
            return;
        if (selected)
            g.fillAll(juce::Colour(0xff3a3f48));
        g.setColour(juce::Colour(0xffff9f1c));
        g.setFont(13.0f);
        g.drawText("! " + rows[static_cast<size_t>(row)].cue, 8, 0, 70, height, juce::Justification::centredLeft);
        g.setColour(juce::Colours::lightgrey);
        g.drawText(rows[static_cast<size_t>(row)].note, 80, 0, width - 88, height, juce::Justification::centredLeft);
    }

    void selectedRowsChanged(int row) override
    {
        if (row >= 0 && row < getNumRows() && onSelect)
            onSelect(rows[static_cast<size_t>(row)].cue);
    }
};

class MainWindow::Content final : public juce::Component, private juce::Timer {
public:
    Content()
    {
        for (auto* c : std::initializer_list<juce::Component*>{&title_, &status_, &openButton_, &saveButton_, &undoButton_,
                                                                &redoButton_, &fitButton_, &timeline_, &playButton_,
                                                                &duckButton_, &clock_, &meter_, &device_, &mixer_})
            addAndMakeVisible(c);
        playButton_.onClick = [this] { togglePlay(); };
        playButton_.setComponentID("transport.play");
        duckButton_.setClickingTogglesState(true);
        duckButton_.setToggleState(true, juce::dontSendNotification);
        duckButton_.setComponentID("transport.ducking");
        duckButton_.setTooltip("Listen with ducking and dialogue EQ (on) or without (off); B toggles");
        duckButton_.onClick = [this] { setDucking(duckButton_.getToggleState()); };
        clock_.setFont(juce::Font(juce::Font::getDefaultMonospacedFontName(), 20.0f, juce::Font::bold));
        clock_.setColour(juce::Label::textColourId, juce::Colour(0xffe8e8e8));
        device_.setColour(juce::Label::textColourId, juce::Colours::grey);
        device_.setFont(12.0f);
        timeline_.onLocate = [this](int64_t sample) { audio_.player().locate(sample); };
        timeline_.onSpeechMenu = [this](int64_t sample) { showSpeechMenu(sample); };
        timeline_.onSpeechEdgeDragged = [this](int64_t inside, bool startEdge, int64_t delta) {
            // The same edit as the menu's nudges, by the dragged distance: one undo step.
            const auto edits = nudgeEdits(session_.speech(), inside, startEdge, delta);
            if (edits.empty())
                return;
            const int64_t frame = framesToSamples(1, session_.frameRate, session_.sampleRate);
            const juce::String what = juce::String("speech: ") + (startEdge ? "start" : "end") + " dragged "
                                      + juce::String(delta / std::max<int64_t>(1, frame)) + " frames";
            edit(what, [&](const Session& s) {
                Session next = s;
                next.speechEdits.insert(next.speechEdits.end(), edits.begin(), edits.end());
                return next;
            });
        };
        timeline_.onVolumeEdited = [this](const std::string& bus, std::vector<VolumePoint> volume, const juce::String& what) {
            edit(what, [&](const Session& s) {
                Session next = s;
                for (auto& b : next.buses)
                    if (b.name == bus) {
                        b.automation.volume = volume;
                        return next;
                    }
                throw std::runtime_error("there is no stem bus " + bus + " in the session");
            });
        };
        mixer_.onBusChanged = [this](int index, const StemBus& bus, const juce::String& what) {
            edit(what, [&](const Session& s) {
                Session next = s;
                next.buses.at(static_cast<size_t>(index)) = bus;
                return next;
            }, true);
        };
        updateTransport();
        startTimerHz(30);
        title_.setFont(juce::Font(18.0f, juce::Font::bold));
        title_.setText("Cuesmith", juce::dontSendNotification);
        showStatus("No session open. Open a .cuesmith session, or run scripts/demo.", false);
        openButton_.onClick = [this] { chooseSession(); };
        saveButton_.onClick = [this] { save(); };
        undoButton_.onClick = [this] { undo(); };
        redoButton_.onClick = [this] { redo(); };
        fitButton_.onClick = [this] { timeline_.fitAll(); };
        timeline_.onCueSelected = [this](const std::string& cue) { showCue(cue); };
        addChildComponent(report_);
        report_.setModel(&reportModel_);
        report_.setRowHeight(20);
        report_.setColour(juce::ListBox::backgroundColourId, juce::Colour(0xff24272d));
        reportModel_.onSelect = [this](const std::string& cue) {
            timeline_.setSelectedCue(cue);
            showCue(cue);
        };
        timeline_.onCueMenu = [this](const std::string& cue, int64_t sample) { showCueMenu(cue, sample); };
        setWantsKeyboardFocus(true);
        updateButtons();
    }

    ~Content() override
    {
        stopTimer();
        if (worker_.joinable())
            worker_.join();
    }

    void openSession(const juce::File& file)
    {
        try {
            session_ = loadSession(file.getFullPathName().toStdString());
            file_ = file;
            undo_.clear();
            redo_.clear();
            dirty_ = false;
            title_.setText(juce::String(session_.projectName) + "  -  " + file.getFileName(), juce::dontSendNotification);
            timeline_.setSession(session_);
            refreshReport();
            showStatus(summary(), false);
            updateButtons();
            mixer_.setBuses(session_.buses, !session_.dialogue.empty());
            audio_.player().stop();
            audio_.player().locate(session_.currentCutVersion() ? session_.pictureStartSample()
                                                                : (session_.cues.empty() ? 0 : session_.cues.front().startSample));
            if (!audio_.isOpen() || openedRate_ != session_.sampleRate) {
                audio_.open(static_cast<int>(session_.sampleRate));
                openedRate_ = session_.sampleRate;
            }
            device_.setText(audio_.status(), juce::dontSendNotification);
            builder_.request(session_, false);
        } catch (const std::exception& e) {
            showStatus(e.what(), true);
        }
    }

    void paint(juce::Graphics& g) override { g.fillAll(juce::Colour(0xff1e2126)); }

    void resized() override
    {
        auto area = getLocalBounds().reduced(8);
        auto header = area.removeFromTop(52);
        auto buttons = header.removeFromRight(5 * 72);
        for (auto* b : {&openButton_, &saveButton_, &undoButton_, &redoButton_, &fitButton_})
            b->setBounds(buttons.removeFromLeft(72).reduced(2, 12));
        title_.setBounds(header.removeFromTop(26));
        status_.setBounds(header);
        auto transport = area.removeFromTop(34);
        playButton_.setBounds(transport.removeFromLeft(80).reduced(2, 3));
        duckButton_.setBounds(transport.removeFromLeft(150).reduced(6, 3));
        clock_.setBounds(transport.removeFromLeft(150));
        meter_.setBounds(transport.removeFromLeft(260).reduced(4, 6));
        device_.setBounds(transport.reduced(8, 0));
        area.removeFromTop(4);
        mixer_.setBounds(area.removeFromBottom(MixerPanel::kPreferredHeight));
        area.removeFromBottom(4);
        if (report_.isVisible())
            report_.setBounds(area.removeFromBottom(std::min(160, 24 + 20 * reportModel_.getNumRows())));
        timeline_.setBounds(area);
    }

    bool keyPressed(const juce::KeyPress& key) override
    {
        const auto mods = key.getModifiers();
        if (mods.isCommandDown() && key.getKeyCode() == 'Z')
            mods.isShiftDown() ? redo() : undo();
        else if (mods.isCommandDown() && key.getKeyCode() == 'S')
            save();
        else if (key.getKeyCode() == juce::KeyPress::spaceKey)
            togglePlay();
        else if (key.getTextCharacter() == 'b' || key.getTextCharacter() == 'B') {
            duckButton_.setToggleState(!duckButton_.getToggleState(), juce::dontSendNotification);
            setDucking(duckButton_.getToggleState());
        } else
            return false;
        return true;
    }

private:
    // Every edit is a function Session -> Session: the old value goes on the undo stack. mixOnly:
    // only bus duck/EQ settings changed, so playback keeps its measured masking.
    template <typename Edit>
    void edit(const juce::String& what, Edit&& change, bool mixOnly = false)
    {
        try {
            Session next = change(session_);
            undo_.push_back(std::move(session_));
            redo_.clear();
            session_ = std::move(next);
            dirty_ = true;
            timeline_.setSession(session_, true);
            refreshReport();
            showStatus(what + "  (unsaved; Ctrl+S saves, Ctrl+Z undoes)", false);
            updateButtons();
            sessionChanged(mixOnly);
        } catch (const std::exception& e) {
            showStatus(e.what(), true);
        }
    }

    void undo()
    {
        if (undo_.empty())
            return;
        redo_.push_back(std::move(session_));
        session_ = std::move(undo_.back());
        undo_.pop_back();
        dirty_ = true;
        timeline_.setSession(session_, true);
        refreshReport();
        showStatus("undone", false);
        updateButtons();
        sessionChanged(false);
    }

    void redo()
    {
        if (redo_.empty())
            return;
        undo_.push_back(std::move(session_));
        session_ = std::move(redo_.back());
        redo_.pop_back();
        dirty_ = true;
        timeline_.setSession(session_, true);
        refreshReport();
        showStatus("redone", false);
        updateButtons();
        sessionChanged(false);
    }

    void save()
    {
        if (file_ == juce::File())
            return;
        try {
            saveSession(session_, file_.getFullPathName().toStdString());
            dirty_ = false;
            showStatus("saved " + file_.getFileName(), false);
        } catch (const std::exception& e) {
            showStatus(e.what(), true);
        }
        updateButtons();
    }

    // The change report: one row per note a conform left on a cue; hidden when there are none.
    void refreshReport()
    {
        reportModel_.rows.clear();
        for (const auto& cue : session_.cues)
            for (const auto& note : cue.attention)
                reportModel_.rows.push_back({cue.number, note});
        report_.updateContent();
        report_.setVisible(!reportModel_.rows.empty());
        resized();
    }

    void updateButtons()
    {
        const bool open = file_ != juce::File();
        saveButton_.setEnabled(open && dirty_ && !busy_);
        undoButton_.setEnabled(!undo_.empty() && !busy_);
        redoButton_.setEnabled(!redo_.empty() && !busy_);
    }

    juce::String tc(int64_t sample) const
    {
        return formatFrames(samplesToFrames(sample, session_.frameRate, session_.sampleRate), session_.frameRate);
    }

    juce::String summary() const
    {
        const CutVersion* cut = session_.currentCutVersion();
        return juce::String(frameRateName(session_.frameRate)) + " fps  |  " + juce::String(session_.sampleRate)
               + " Hz  |  picture " + tc(session_.pictureStartSample()) + "  |  cut "
               + (cut ? juce::String(cut->name) : juce::String("none")) + " of "
               + juce::String(static_cast<int>(session_.cuts.size())) + "  |  "
               + juce::String(static_cast<int>(session_.cues.size())) + " cues";
    }

    void showStatus(const juce::String& text, bool problem)
    {
        status_.setText(text, juce::dontSendNotification);
        status_.setColour(juce::Label::textColourId, problem ? juce::Colours::orange : juce::Colours::lightgrey);
    }

    void showCue(const std::string& number)
    {
        const Cue* cue = session_.findCue(number);
        if (cue == nullptr)
            return;
        juce::String text = juce::String(cue->number) + " " + cue->title + "  at " + tc(cue->startSample) + "  |  "
                            + juce::String(static_cast<int>(effectiveSegments(*cue).size())) + " segment(s)";
        if (cue->tempo)
            if (const auto bpm = averageBpm(*cue->tempo, session_.sampleRate))
                text << "  |  " << juce::String(*bpm, 1) << " bpm";
        for (const auto& note : cue->attention)
            text << "  |  ! " << note;
        showStatus(text + "  (right-click: spot, sync, fit)", !cue->attention.empty());
    }

    // Spot here; sync a point of the cue to a point of the picture (a dialog); fit its ending to a
    // marker or an edit point (a submenu per target, listing the fitter's proposals, best first).
    void showCueMenu(const std::string& number, int64_t sample)
    {
        const Cue* cue = session_.findCue(number);
        if (cue == nullptr)
            return;
        juce::PopupMenu menu, fitMenu;
        const int64_t frame = samplesToFrames(sample, session_.frameRate, session_.sampleRate);
        const int64_t snapped = framesToSamples(frame, session_.frameRate, session_.sampleRate);
        menu.addItem("Spot " + juce::String(number) + " to start at " + tc(snapped),
                     [this, number, snapped] { edit("spotted " + juce::String(number), [&](const Session& s) { return spotCue(s, number, snapped); }); });
        const bool canSync = !picturePointChoices(session_, cue->startSample, 1).empty();
        menu.addItem("Sync " + juce::String(number) + "...", canSync, false, [this, number] { showSyncDialog(number); });

        const auto targets = fitTargetChoices(session_, *cue, kFitTargetsPerGroup);
        fitMenu.addItem("Stretches stay within " + juce::String(number) + "'s limit of "
                            + juce::String(cue->stretchLimit * 100.0, 1) + " %", false, false, [] {});
        for (size_t i = 0; i < targets.size(); ++i) {
            const auto& t = targets[i];
            if (i == 0 || t.kind != targets[i - 1].kind)
                fitMenu.addSectionHeader(t.kind == PlacementChoice::Kind::PictureMarker ? "Markers (hits)" : "Edit points");
            fitMenu.addSubMenu(t.label, fitProposalsMenu(number, t.sample, t.label));
        }
        menu.addSubMenu("Fit " + juce::String(number) + "'s ending to", fitMenu, !targets.empty());
        menu.showMenuAsync(juce::PopupMenu::Options());
    }

    // The sync dialog: which point of the cue (its start, a marker, its end, or a bar.beat typed in)
    // plays at which point of the picture (a marker/hit or an edit point of the current cut).
    void showSyncDialog(const std::string& number)
    {
        const Cue* cue = session_.findCue(number);
        if (cue == nullptr)
            return;
        const auto cuePoints = cuePointChoices(*cue, session_);
        const auto picture = picturePointChoices(session_, cue->startSample, kSyncEditPointsShown);
        if (picture.empty())
            return;
        auto* dialog = new juce::AlertWindow("Sync " + juce::String(number),
                                             "Move " + juce::String(number) + " so a point inside it plays exactly at a point in the picture.",
                                             juce::MessageBoxIconType::NoIcon, this);
        dialog->addComboBox("cue", {}, "Point in " + juce::String(number));
        juce::ComboBox* cueBox = dialog->getComboBoxComponent("cue");
        for (size_t i = 0; i < cuePoints.size(); ++i)
            cueBox->addItem(cuePoints[i].label, static_cast<int>(i) + 1);
        const int typedId = static_cast<int>(cuePoints.size()) + 1;
        cueBox->addItem(cue->tempo ? "the bar.beat typed below" : "the bar.beat typed below (needs a tempo map)", typedId);
        cueBox->setSelectedId(1, juce::dontSendNotification);
        dialog->addTextEditor("bar", "", "Bar.beat (17.3), or a cue marker's name");
        juce::TextEditor* bar = dialog->getTextEditor("bar");
        bar->onTextChange = [cueBox, bar, typedId] {
            if (!bar->isEmpty())
                cueBox->setSelectedId(typedId, juce::dontSendNotification);
        };
        dialog->addComboBox("picture", {}, "Plays at, in cut " + juce::String(session_.currentCutVersion()->name));
        juce::ComboBox* pictureBox = dialog->getComboBoxComponent("picture");
        for (size_t i = 0; i < picture.size(); ++i) {
            if (i == 0 || picture[i].kind != picture[i - 1].kind)
                pictureBox->addSectionHeading(picture[i].kind == PlacementChoice::Kind::PictureMarker ? "Markers (hits)" : "Edit points");
            pictureBox->addItem(picture[i].label, static_cast<int>(i) + 1);
        }
        pictureBox->setSelectedId(static_cast<int>(nearestChoice(picture, cue->startSample)) + 1, juce::dontSendNotification);
        dialog->addButton("Sync", 1, juce::KeyPress(juce::KeyPress::returnKey));
        dialog->addButton("Cancel", 0, juce::KeyPress(juce::KeyPress::escapeKey));
        // The callback runs before the dialog is deleted, so it may read the dialog's controls.
        dialog->enterModalState(true, juce::ModalCallbackFunction::create(
            [safe = juce::Component::SafePointer<Content>(this), dialog, cueBox, pictureBox, bar, number, cuePoints, picture, typedId](int result) {
                if (result != 1 || safe == nullptr)
                    return;
                const int cueId = cueBox->getSelectedId(), pictureId = pictureBox->getSelectedId();
                if (pictureId < 1 || pictureId > static_cast<int>(picture.size()))
                    return;
                const bool typed = cueId == typedId || cueId < 1 || cueId > static_cast<int>(cuePoints.size());
                const std::string cueSpec = typed ? bar->getText().trim().toStdString() : cuePoints[static_cast<size_t>(cueId - 1)].spec;
                const juce::String cueName = typed ? "bar " + bar->getText().trim() : juce::String(cuePoints[static_cast<size_t>(cueId - 1)].label);
                const PlacementChoice& to = picture[static_cast<size_t>(pictureId - 1)];
                juce::ignoreUnused(dialog);
                safe->edit("synced " + juce::String(number) + " " + cueName + " to " + to.label,
                           [&](const Session& s) { return syncCueToPicture(s, number, cueSpec, to.spec); });
            }), true);
    }

    juce::PopupMenu fitProposalsMenu(const std::string& number, int64_t hit, const std::string& hitName)
    {
        juce::PopupMenu menu;
        try {
            // The cue's own stretch limit applies (FitOptions leaves it unset).
            const FitPlan plan = proposeFits(session_, number, hit, FitOptions{});
            menu.addSectionHeader("Land the ending (" + juce::String(plan.endingFrom) + ") on the hit:");
            for (const auto& p : plan.proposals)
                menu.addItem(juce::String(fitKindName(p.kind)) + ": " + p.description, !busy_,
                             false, [this, number, p, hitName] { applyFit(number, p, hitName); });
            if (!plan.notes.empty())
                menu.addSeparator();
            for (const auto& note : plan.notes)
                menu.addItem(note, false, false, [] {});
        } catch (const std::exception& e) {
            menu.addItem(e.what(), false, false, [] {});
        }
        return menu;
    }

    void applyFit(const std::string& number, FitProposal proposal, const std::string& hitName)
    {
        const juce::String what = "fitted " + juce::String(number) + " to " + hitName + ": " + proposal.description;
        if (std::abs(proposal.stretchRatio - 1.0) < 1e-12) {
            edit(what, [&](const Session& s) { return applyFitEdit(s, number, proposal, FitOptions{}.crossfadeSamples); });
            return;
        }
        // A stretch renders audio: do it on a worker, then apply the edit on the message thread.
        busy_ = true;
        updateButtons();
        showStatus("stretching " + juce::String(number) + "...", false);
        const Session base = session_;
        const auto cache = sessionCacheFolder(file_.getFullPathName().toStdString());
        if (worker_.joinable())
            worker_.join();
        worker_ = std::thread([safe = juce::Component::SafePointer<Content>(this), base, number, proposal, cache, what] {
            std::string error;
            Session stretched;
            try {
                stretched = applyCueStretch(base, number, proposal.stretchRatio, cache, StretchRequest::Quality::Render);
            } catch (const std::exception& e) {
                error = e.what();
            }
            juce::MessageManager::callAsync([safe, stretched, number, proposal, error, what] {
                if (safe == nullptr)
                    return;
                safe->busy_ = false;
                if (!error.empty()) {
                    safe->showStatus(error, true);
                    safe->updateButtons();
                    return;
                }
                FitProposal scaled = proposal;
                scaled.fromSample = static_cast<int64_t>(std::llround(static_cast<double>(proposal.fromSample) * proposal.stretchRatio));
                scaled.toSample = static_cast<int64_t>(std::llround(static_cast<double>(proposal.toSample) * proposal.stretchRatio));
                safe->edit(what, [&](const Session&) { return applyFitEdit(stretched, number, scaled, FitOptions{}.crossfadeSamples); });
            });
        });
    }

    // Playback and the mixer follow every change of the session.
    void sessionChanged(bool mixOnly)
    {
        mixer_.setBuses(session_.buses, !session_.dialogue.empty());
        builder_.request(session_, mixOnly);
    }

    // message thread: a program built from the latest session reaches the player; its curves the lanes.
    void programBuilt(ProgramBuilder::Result result)
    {
        if (!result.error.empty()) {
            showStatus("playback: " + juce::String(result.error), true);
            return;
        }
        timeline_.setBusCurves(std::move(result.curves));
        audio_.player().setProgram(std::move(result.program));
    }

    void togglePlay()
    {
        Player& player = audio_.player();
        player.isPlaying() ? player.stop() : player.play();
        updateTransport();
    }

    void setDucking(bool on)
    {
        audio_.player().setDialogueProcessing(on);
        updateTransport();
        showStatus(on ? "listening with ducking and dialogue EQ (as rendered)" : "listening without ducking and dialogue EQ",
                   false);
    }

    void updateTransport()
    {
        playButton_.setButtonText(audio_.player().isPlaying() ? "Stop" : "Play");
        duckButton_.setButtonText(duckButton_.getToggleState() ? "Ducking: ON" : "Ducking: OFF");
    }

    // 30 times a second: the playhead, the clock and the meters; programs the player let go of.
    void timerCallback() override
    {
        Player& player = audio_.player();
        player.collectGarbage();
        const int64_t at = player.playhead();
        timeline_.setPlayhead(at);
        if (session_.sampleRate > 0)
            clock_.setText(tc(at), juce::dontSendNotification);
        std::array<float, 2> peaks{player.takePeak(0), player.takePeak(1)};
        meter_.setPeaks(peaks[0], peaks[1]);
        const uint64_t underruns = player.underruns();
        if (audio_.isOpen() && underruns != shownUnderruns_) {
            shownUnderruns_ = underruns;
            device_.setText(audio_.status() + "  |  " + juce::String(static_cast<juce::int64>(underruns)) + " underruns",
                            juce::dontSendNotification);
        }
    }

    // The dialogue lane's menu: remove or nudge the speech region under the pointer, or add one.
    void showSpeechMenu(int64_t sample)
    {
        const auto speech = session_.speech();
        const int64_t frame = framesToSamples(1, session_.frameRate, session_.sampleRate);
        juce::PopupMenu menu;
        auto addEdits = [this](const juce::String& what, std::vector<SpeechEdit> edits) {
            edit(what, [&](const Session& s) {
                Session next = s;
                next.speechEdits.insert(next.speechEdits.end(), edits.begin(), edits.end());
                return next;
            });
        };
        if (const SpeechRegion* r = speechRegionAt(speech, sample)) {
            const SpeechRegion region = *r;
            const juce::String span = tc(region.start) + " - " + tc(region.end);
            menu.addItem("Remove speech " + span, [addEdits, region, span] {
                addEdits("removed speech " + span, {SpeechEdit{SpeechEdit::Kind::Remove, region.start, region.end}});
            });
            menu.addSeparator();
            for (const auto& [label, startEdge, delta] :
                 {std::tuple{"Start one frame earlier", true, -frame}, std::tuple{"Start one frame later", true, frame},
                  std::tuple{"End one frame earlier", false, -frame}, std::tuple{"End one frame later", false, frame}})
                menu.addItem(label, [addEdits, speech, sample, startEdge = startEdge, delta = delta, label = juce::String(label)] {
                    addEdits("speech: " + label.toLowerCase(), nudgeEdits(speech, sample, startEdge, delta));
                });
        } else {
            const int64_t start = framesToSamples(samplesToFrames(sample, session_.frameRate, session_.sampleRate),
                                                  session_.frameRate, session_.sampleRate);
            const int64_t end = start + session_.sampleRate;
            menu.addItem("Add one second of speech at " + tc(start), [addEdits, start, end, this] {
                addEdits("added speech at " + tc(start), {SpeechEdit{SpeechEdit::Kind::Add, start, end}});
            });
        }
        menu.addItem("Speech regions are drawn in yellow-green; hand edits win over detection", false, false, [] {});
        menu.showMenuAsync(juce::PopupMenu::Options());
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

    juce::Label title_, status_, clock_{"clock", "--:--:--:--"}, device_;
    juce::TextButton playButton_{"Play"}, duckButton_{"Ducking: ON"};
    LevelMeter meter_;
    MixerPanel mixer_;
    AudioOutput audio_;
    int64_t openedRate_ = 0;
    uint64_t shownUnderruns_ = ~uint64_t{0};
    // Long cuts have thousands of edits: the lists offer the ones nearest the cue.
    static constexpr size_t kFitTargetsPerGroup = 12;
    static constexpr size_t kSyncEditPointsShown = 40;
    juce::TextButton openButton_{"Open..."}, saveButton_{"Save"}, undoButton_{"Undo"}, redoButton_{"Redo"}, fitButton_{"Fit"};
    TimelineComponent timeline_;
    ChangeReportModel reportModel_;
    juce::ListBox report_{"Conform notes"};
    std::unique_ptr<juce::FileChooser> chooser_;
    Session session_;
    std::vector<Session> undo_, redo_;
    juce::File file_;
    bool dirty_ = false, busy_ = false;
    std::thread worker_;
    // Last: it posts results to the members above, and its destructor joins its thread first.
    ProgramBuilder builder_{[this](ProgramBuilder::Result r) { programBuilt(std::move(r)); }};
};

MainWindow::MainWindow()
    : juce::DocumentWindow("Cuesmith", juce::Colour(0xff1e2126), juce::DocumentWindow::allButtons)
{
    auto content = std::make_unique<Content>();
    content_ = content.get();
    setUsingNativeTitleBar(true);
    setContentOwned(content.release(), false);
    setResizable(true, true);
    centreWithSize(1360, 780);
    setVisible(true);
}

MainWindow::~MainWindow() = default;

void MainWindow::openSession(const juce::File& file) { content_->openSession(file); }

void MainWindow::closeButtonPressed() { juce::JUCEApplication::getInstance()->systemRequestedQuit(); }

} // namespace cuesmith
