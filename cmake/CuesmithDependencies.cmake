# Every third-party dependency comes from a Debian package, found here once and used through
# imported targets. Nothing is downloaded.

find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(nlohmann_json 3 CONFIG REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(pugixml CONFIG REQUIRED)

pkg_check_modules(SNDFILE REQUIRED IMPORTED_TARGET sndfile)
pkg_check_modules(FFMPEG REQUIRED IMPORTED_TARGET libavformat libavcodec libavutil libswresample libswscale)
pkg_check_modules(RUBBERBAND REQUIRED IMPORTED_TARGET rubberband)
pkg_check_modules(EBUR128 REQUIRED IMPORTED_TARGET libebur128)
pkg_check_modules(SOXR REQUIRED IMPORTED_TARGET soxr)
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
pkg_check_modules(AUBIO REQUIRED IMPORTED_TARGET aubio)

if(CUESMITH_BUILD_TESTS)
  find_package(GTest CONFIG REQUIRED)
endif()
if(CUESMITH_BUILD_BENCH)
  find_package(benchmark CONFIG REQUIRED)
endif()

if(CUESMITH_BUILD_APP)
  find_package(JUCE CONFIG REQUIRED)
  # Debian builds JUCE against the system codecs and image libraries.
  pkg_check_modules(JUCE_CODECS REQUIRED IMPORTED_TARGET flac vorbis vorbisenc vorbisfile ogg libpng libjpeg zlib)
  include(cmake/CuesmithJuce.cmake)
endif()
