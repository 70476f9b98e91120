# Cross-compiles the addon for linux-arm64 on an x86-64 Debian/Ubuntu machine, with Debian's cross compiler
# (apt-get install g++-aarch64-linux-gnu) and arm64 libraries through multiarch
# (dpkg --add-architecture arm64; apt-get install libopenblas-dev:arm64). Used by `npm run build:prebuild:arm64`.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

find_program(WGAN_AARCH64_CXX aarch64-linux-gnu-g++)
find_program(WGAN_AARCH64_CC aarch64-linux-gnu-gcc)
if(NOT WGAN_AARCH64_CXX OR NOT WGAN_AARCH64_CC)
  message(FATAL_ERROR "wgan-gp: the linux-arm64 build needs Debian's cross compiler: apt-get install gcc-aarch64-linux-gnu g++-aarch64-linux-gnu")
endif()
set(CMAKE_C_COMPILER ${WGAN_AARCH64_CC})
set(CMAKE_CXX_COMPILER ${WGAN_AARCH64_CXX})

# Libraries and headers of the target only; programs (node, for the build helpers) of this machine.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
