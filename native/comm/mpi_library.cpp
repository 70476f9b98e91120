#include "mpi_library.h"

#include <dlfcn.h>

#include <vector>

namespace wgan {

namespace {

// MPICH's launcher (Hydra) sets PMI_RANK; Open MPI's sets OMPI_COMM_WORLD_RANK (and PMIX_RANK).
bool launchedByHydra() { return !envValue("PMI_RANK").empty() && envValue("OMPI_COMM_WORLD_RANK").empty(); }

MpiLibrary load() {
  MpiLibrary lib;
  const std::string named = envValue("WGAN_GP_MPI_LIB");
  if (!named.empty()) {
    const size_t slash = named.rfind('/');
    const std::string dir = slash == std::string::npos ? "" : named.substr(0, slash);
    lib.found = openLibrary({dir}, {named.substr(slash == std::string::npos ? 0 : slash + 1)},
                            "WGAN_GP_MPI_LIB names it; unset it to search the system", true);
  } else {
    std::vector<std::string> dirs = {""};
    if (!envValue("MPI_HOME").empty()) dirs.push_back(envValue("MPI_HOME") + "/lib");
    for (const char* d : {"/usr/lib64/openmpi/lib", "/usr/lib64/mpich/lib", "/usr/lib/x86_64-linux-gnu/openmpi/lib",
                          "/usr/lib/aarch64-linux-gnu/openmpi/lib"})
      dirs.push_back(d);
    std::vector<std::string> names = {"libmpi.so.40", "libmpi.so.12", "libmpich.so.12"};
    if (launchedByHydra()) names = {"libmpi.so.12", "libmpich.so.12", "libmpi.so.40"};
    lib.found = openLibrary(dirs, names, "install Open MPI or MPICH (apt-get install openmpi-bin), or set WGAN_GP_MPI_LIB to the library file", true);
  }
  if (!lib.found.loaded) return lib;
  lib.abi = dlsym(lib.found.handle, "ompi_mpi_comm_world") ? MpiAbi::OpenMpi : MpiAbi::Mpich;
  // MPI_Get_library_version may be called before MPI_Init (MPI-3.0 §8.7).
  using Version = int (*)(char*, int*);
  if (auto version = reinterpret_cast<Version>(dlsym(lib.found.handle, "MPI_Get_library_version"))) {
    std::vector<char> text(8192 + 1, 0);  // MPICH's MPI_MAX_LIBRARY_VERSION_STRING; Open MPI's is 256
    int length = 0;
    if (version(text.data(), &length) == 0) {
      lib.version.assign(text.data());
      lib.version = lib.version.substr(0, lib.version.find_first_of("\n,"));
    }
  }
  return lib;
}

}  // namespace

const MpiLibrary& findMpi() {
  static const MpiLibrary lib = load();
  return lib;
}

const char* mpiAbiName(MpiAbi abi) {
  switch (abi) {
    case MpiAbi::OpenMpi: return "Open MPI";
    case MpiAbi::Mpich: return "MPICH";
    case MpiAbi::None: break;
  }
  return "none";
}

}  // namespace wgan
