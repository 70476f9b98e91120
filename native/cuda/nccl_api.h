// The few NCCL entry points the NCCL collective uses, declared here (nccl.h's ABI, stable since NCCL 2.0;
// the pre-multiplied sum since 2.11) and resolved with dlsym from the library cuda/libraries.cpp loads: no NCCL header or library to build.
#pragma once
#include <cstddef>

namespace wgan {

struct NcclComm;
using NcclCommHandle = NcclComm*;
struct NcclUniqueId {
  char internal[128];  // NCCL_UNIQUE_ID_BYTES
};
enum NcclDataType : int { kNcclFloat32 = 7, kNcclFloat64 = 8 };
enum NcclRedOp : int {};  // the handle of a reduction: here only those ncclRedOpCreatePreMulSum makes
enum NcclScalarResidence : int { kNcclScalarHostImmediate = 1 };  // the scalar is read when the operation is made

struct NcclApi {
  int (*getVersion)(int*);                                                    // ncclGetVersion
  int (*getUniqueId)(NcclUniqueId*);                                          // ncclGetUniqueId
  int (*commInitRank)(NcclCommHandle*, int nranks, NcclUniqueId id, int rank);  // ncclCommInitRank
  int (*allReduce)(const void*, void*, size_t, NcclDataType, NcclRedOp, NcclCommHandle, void* stream);  // ncclAllReduce
  int (*redOpCreatePreMulSum)(NcclRedOp*, void* scalar, NcclDataType, NcclScalarResidence, NcclCommHandle);  // since 2.11
  int (*redOpDestroy)(NcclRedOp, NcclCommHandle);                             // ncclRedOpDestroy
  const char* (*errorString)(int);                                            // ncclGetErrorString
  int (*commDestroy)(NcclCommHandle);                                         // ncclCommDestroy
};

// Resolves the entry points from a dlopen handle; names the first one missing in `missing`.
bool resolveNccl(void* handle, NcclApi& api, const char*& missing);

}  // namespace wgan
