// One WGAN-GP training iteration (Algorithm 1 of Gulrajani et al.): criticIters critic steps, each on
// a real batch, fresh z ~ N(0,1) and ε ~ U[0,1] drawn from the Philox stream, then one generator step;
// Adam on each side. Real batches are supplied by the caller (the datasets live in TypeScript).
// A conditional pair (a generator that reads labels of K classes, a critic whose output is [score, K logits])
// takes the real batches' labels too; the labels its generator is asked for are drawn from the same stream
// (uniform over the classes), and both steps add their ACGAN term (gan_cifar_resnet.py, ACGAN = True).
// The iteration is device work from the upload of its real batches to the download of its statistics;
// where the device records (CUDA), it is recorded once and replayed as a graph from then on.
// Data parallel (options.collective, README "Scaling out"): batch and generatorBatch are the global
// batches; every rank draws the noise and ε of all their rows from the same stream, runs the steps on its
// shard (core/shard.h: a contiguous block of n_r rows, however unevenly the batch splits), and sums the
// gradients and loss terms across the ranks, each weighted n_r / batch, before Adam: the ranks' means
// over their rows so become the mean over the global batch, all ranks apply the same update, and any
// rank count draws the same noise per global row.
#pragma once
#include <memory>

#include "adam.h"
#include "collective.h"
#include "critic_step.h"
#include "generator_ema.h"
#include "generator_step.h"
#include "rng.h"
#include "shard.h"

namespace wgan {

struct WganOptions {
  int batch = 64;
  int generatorBatch = 64;  // samples of the generator step (gan_cifar_resnet.py: 2 × batch)
  int criticIters = 5;
  float lambda = 10.f;  // the penalty weight of the paper; train()'s default reads it (runtimeInfo().facts)
  // Weights of a conditional pair's ACGAN terms, the critic's and the generator's (gan_cifar_resnet.py's
  // ACGAN_SCALE, ACGAN_SCALE_G); train()'s defaults read them (runtimeInfo().facts).
  double acganScale = 1.0, acganScaleG = 0.1;
  bool replay = true;  // record the iteration as a graph where the device can
  Collective* collective = nullptr;  // the ranks of a data-parallel run; null for a run of its own
  // Of a data-parallel run: the generator's BatchNorm layers normalise with the global batch's statistics, pooled
  // over the ranks in the iteration's steps (SyncBatchNorm); false: each rank's own rows, as DDP.
  bool syncBatchNorm = false;
};

struct IterationStats {
  double criticLoss, wasserstein, penalty, gradNormMean;  // of the last critic step
  double generatorLoss;
  // A conditional pair's ACGAN terms (0 otherwise): the last critic step's mean CE on the real samples and the
  // share of them it classified right, the generator step's mean CE of its samples under their labels.
  double classifierLoss, classifierAccuracy, generatorClassifierLoss;
  double criticStepMs, generatorStepMs;  // mean time of one critic step, time of the generator step
  double allReduceMs;  // host time in the all-reduces of a data-parallel iteration (MPI; NCCL: enqueueing them; alone 0)
  bool finite;                           // all losses and gradients finite
};

class WganIteration {
 public:
  // generator, critic and both optimizers must be on one device. Either both read classes (the generator
  // labels, the critic a classifier head) and agree on their count, or neither does: InvalidModel otherwise.
  WganIteration(Sequential& generator, Sequential& critic, Adam& adamG, Adam& adamD, Rng& rng, const WganOptions& o);
  // real: criticIters × batch × inSize values on the host (data parallel: this rank's shard() of each batch); labels: criticIters × batch classes of those samples
  // (host, each in [0, classes()), checked by the caller) for a conditional pair, null otherwise. A step whose
  // loss or gradients are not finite applies no update and clears stats.finite; the caller stops or goes on.
  IterationStats run(const float* real, const int32_t* labels = nullptr);
  // The critic loss terms on a held-out real batch (host; its labels for a conditional pair) against fakes
  // from the stream `seed`; changes no parameter or gradient.
  CriticResult evaluate(const float* real, uint64_t seed, const int32_t* labels = nullptr);
  const WganOptions& options() const { return options_; }
  int classes() const { return classes_; }  // the classes of a conditional pair, 0 for an unconditional one
  // This rank's rows of each global batch (all of them for a run of its own) and of each generator batch.
  const Shard& shard() const { return shard_; }
  const Shard& generatorShard() const { return generatorShard_; }
  // Keeps an EMA of the generator from now on (updated after every generator step), or none (null).
  void setEma(std::unique_ptr<GeneratorEma> ema) { ema_ = std::move(ema); replay_.reset(); }
  GeneratorEma* ema() { return ema_.get(); }

 private:
  void enqueue();  // the device work of one iteration, reading real_, realLabels_ and rngControl_
  uint64_t countersPerIteration() const;  // the Philox counters one iteration draws
  // The requested labels of `n` fakes drawn from the stream at `offset` (advanced past them) into fakeLabels_;
  // null, drawing nothing, for an unconditional pair.
  const int32_t* drawFakeLabels(int n, uint64_t& offset);
  Sequential& G_;
  Sequential& D_;
  Adam& adamG_;
  Adam& adamD_;
  Rng& rng_;
  WganOptions options_;
  Device& device_;
  CriticStep critic_;
  GeneratorStep generator_;
  // Sums a step's gradients (null: none), device scalars and classifier terms (null without) across the ranks,
  // each rank's means weighted by its share of the global batch `batch`, the classifier's correct counts
  // unweighted (nothing alone).
  void combineRanks(const Shard& shard, int batch, DeviceArray<float>* grads, double* scalars, int scalarCount,
                    double* classifierTerms);
  long long zCount() const { return static_cast<long long>(options_.batch) * G_.inSize(); }
  long long generatorZCount() const { return static_cast<long long>(options_.generatorBatch) * G_.inSize(); }
  int classes_;
  Shard shard_, generatorShard_;
  DeviceArray<float> real_, z_, eps_, fake_, keptGrads_;
  DeviceArray<int32_t> realLabels_, fakeLabels_;  // a conditional pair's labels (empty otherwise)
  DeviceArray<RngControl> rngControl_;
  DeviceArray<int> finite_;  // one flag per step: criticIters critic steps, then the generator step
  std::unique_ptr<GeneratorEma> ema_;
  std::unique_ptr<Replay> replay_;
  int replayGenerations_ = -1;  // G's and D's buffer generations when replay_ was recorded
  bool ranOnce_ = false;
  double allReduceMs_ = 0;  // of the running iteration
};

}  // namespace wgan
