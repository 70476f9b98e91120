// The few NCCL entry points the NCCL collective uses, declared here (nccl.h's ABI, stable since NCCL 2.0)
// and resolved with dlsym from the library cuda/libraries.cpp loads: no NCCL header or library to build.
#pragma once
#include <cstddef>

namespace wgan {

struct NcclComm;
using NcclCommHandle = NcclComm*;
struct NcclUniqueId {
  char internal[128];  // NCCL_UNIQUE_ID_BYTES
};
enum NcclDataType : int { kNcclFloat32 = 7, kNcclFloat64 = 8 };
enum NcclRedOp : int { kNcclAvg = 4 };  // since NCCL 2.10

struct NcclApi {
  int (*getVersion)(int*);                                                    // ncclGetVersion
  int (*getUniqueId)(NcclUniqueId*);                                          // ncclGetUniqueId
  int (*commInitRank)(NcclCommHandle*, int nranks, NcclUniqueId id, int rank);  // ncclCommInitRank
  int (*allReduce)(const void*, void*, size_t, NcclDataType, NcclRedOp, NcclCommHandle, void* stream);  // ncclAllReduce
  const char* (*errorString)(int);                                            // ncclGetErrorString
  int (*commDestroy)(NcclCommHandle);                                         // ncclCommDestroy
};

// Resolves the entry points from a dlopen handle; names the first one missing in `missing`.
bool resolveNccl(void* handle, NcclApi& api, const char*& missing);

}  // namespace wgan
