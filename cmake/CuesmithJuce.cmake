# JUCE's module targets are INTERFACE libraries: every executable linking them would compile all
# module sources again. cuesmith_juce compiles them once into a static library and re-exports the
# include directories and definitions, so the app and any JUCE test share one compiled copy.

add_library(cuesmith_juce STATIC)
target_link_libraries(cuesmith_juce
  PRIVATE
    juce::juce_core juce::juce_events juce::juce_data_structures juce::juce_graphics
    juce::juce_gui_basics juce::juce_audio_basics juce::juce_audio_devices
    juce::juce_audio_formats juce::juce_audio_processors juce::juce_audio_utils juce::juce_dsp
  PUBLIC
    PkgConfig::JUCE_CODECS Threads::Threads ${CMAKE_DL_LIBS})
target_compile_definitions(cuesmith_juce
  PUBLIC
    JUCE_WEB_BROWSER=0 JUCE_USE_CURL=0 JUCE_APPLICATION_NAME_STRING="Cuesmith"
    JUCE_APPLICATION_VERSION_STRING="${PROJECT_VERSION}" JUCE_DISPLAY_SPLASH_SCREEN=0
    JUCE_USE_FLAC=1 JUCE_USE_OGGVORBIS=1 JUCE_JACK=1 JUCE_ALSA=1
    JUCE_PLUGINHOST_VST3=0 JUCE_PLUGINHOST_LV2=0 JUCE_PLUGINHOST_AU=0 JUCE_PLUGINHOST_LADSPA=0
    JUCE_MODAL_LOOPS_PERMITTED=0 JUCE_STRICT_REFCOUNTEDPOINTER=1)
target_include_directories(cuesmith_juce SYSTEM
  INTERFACE $<TARGET_PROPERTY:cuesmith_juce,INCLUDE_DIRECTORIES>)
target_compile_definitions(cuesmith_juce
  INTERFACE $<TARGET_PROPERTY:cuesmith_juce,COMPILE_DEFINITIONS>)
# JUCE's own sources are not held to our warning flags.
target_compile_options(cuesmith_juce PRIVATE -w)
