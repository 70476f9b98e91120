// The MPI library of this machine, found and loaded at run time (dlopen), so the binary needs none to
// load. Two ABI families exist: Open MPI's (libmpi.so.40; handles are pointers to global structs) and
// MPICH's (libmpi.so.12 / libmpich.so.12: MPICH, Intel MPI, MVAPICH, Cray MPICH; handles are int
// constants). The family is told by the library's symbols, not its name.
#pragma once
#include <string>

#include "../common/dynamic_library.h"

namespace wgan {

enum class MpiAbi { None, OpenMpi, Mpich };

struct MpiLibrary {
  FoundLibrary found;
  MpiAbi abi = MpiAbi::None;
  std::string version;  // the first line of MPI_Get_library_version
};

// Search: the file WGAN_GP_MPI_LIB names (alone, when set); else the system library path, $MPI_HOME/lib and
// the usual module folders, for libmpi.so.40, libmpi.so.12 and libmpich.so.12 (MPICH's first when its
// launcher started this process). Loaded once, RTLD_GLOBAL (Open MPI's components resolve its symbols).
const MpiLibrary& findMpi();

const char* mpiAbiName(MpiAbi abi);

}  // namespace wgan
