#include "wgan_iteration.h"

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "errors.h"
#include "label_draw.h"

namespace wgan {

namespace {
// Philox counters used by a draw of `count` values (Rng::advance).
uint64_t counters(long long count) { return static_cast<uint64_t>((count + 3) / 4); }
// Marks of Device::mark: iteration start, end of the critic steps, end of the generator step.
enum Mark { kStart, kCriticDone, kGeneratorDone };

// The classes of a generator and critic trained together: those the generator reads and the critic's head
// classifies, the same count for both, or 0 where neither has any.
int pairClasses(const Sequential& generator, const Sequential& critic) {
  const int reads = generator.labelClasses();
  const int head = critic.outSize() == 1 ? 0 : AcganHead::classesOf(critic);
  if (reads == head) return reads;
  const std::string k = std::to_string(reads ? reads : head);
  if (!head)
    fail(ErrorCode::InvalidModel, "the generator reads labels of " + k + " classes but the critic has no classifier head: "
                                  "a conditional generator trains against a critic that outputs [1 + " + k + "] (ACGAN)");
  if (!reads)
    fail(ErrorCode::InvalidModel, "the critic has a classifier head of " + k + " classes but the generator reads no labels: "
                                  "condition it (labelEmbedding, conditionalBatchNorm) or give the critic one output");
  fail(ErrorCode::InvalidModel, "the generator reads labels of " + std::to_string(reads) +
                                    " classes but the critic's classifier head has " + std::to_string(head));
}

size_t countOr0(int classes, long long count) { return classes ? static_cast<size_t>(count) : 0; }

// Real labels come with the real samples of a conditional pair, and only then.
void requireLabels(int classes, const int32_t* labels) {
  if (classes && !labels)
    fail(ErrorCode::InvalidArgument, "the models are conditional (" + std::to_string(classes) +
                                         " classes): the real samples need their labels");
  if (!classes && labels)
    fail(ErrorCode::InvalidArgument, "the models read no labels: give the real samples without labels");
}

// Synchronised BatchNorm statistics, for the steps of one iteration (or evaluation) only: rank 0 alone forwards
// the same generator between them (samples, quality metrics).
class SharedStatistics {
 public:
  SharedStatistics(Sequential& generator, const WganOptions& o) : generator_(generator), shared_(o.syncBatchNorm && o.collective) {
    if (shared_) generator_.shareStatistics(o.collective);
  }
  ~SharedStatistics() {
    if (shared_) generator_.shareStatistics(nullptr);
  }
  SharedStatistics(const SharedStatistics&) = delete;
  SharedStatistics& operator=(const SharedStatistics&) = delete;

 private:
  Sequential& generator_;
  bool shared_;
};

// This rank's share of a global batch of `n` (all of it for a run of its own).
Shard shardOn(const WganOptions& o, int n, const char* what) {
  return o.collective ? shardOf(n, o.collective->rank(), o.collective->size(), what) : Shard{0, n};
}
}  // namespace

WganIteration::WganIteration(Sequential& generator, Sequential& critic, Adam& adamG, Adam& adamD, Rng& rng,
                             const WganOptions& o)
    : G_(generator), D_(critic), adamG_(adamG), adamD_(adamD), rng_(rng), options_(o), device_(generator.device()),
      critic_(critic), generator_(generator, critic), classes_(pairClasses(generator, critic)),
      shard_(shardOn(o, o.batch, "batch")), generatorShard_(shardOn(o, o.generatorBatch, "generatorBatch")),
      real_(device_, static_cast<size_t>(o.criticIters) * shard_.rows * critic.inSize()),
      z_(device_, static_cast<size_t>(std::max(o.batch, o.generatorBatch)) * generator.inSize()),
      eps_(device_, o.batch),
      fake_(device_, static_cast<size_t>(shard_.rows) * critic.inSize()),
      keptGrads_(device_, critic.grads().size()),
      realLabels_(device_, countOr0(classes_, static_cast<long long>(o.criticIters) * shard_.rows)),
      fakeLabels_(device_, countOr0(classes_, std::max(o.batch, o.generatorBatch))),
      rngControl_(device_, 1),
      finite_(device_, o.criticIters + 1) {
  // MPI's all-reduces run on the host: such an iteration cannot be recorded for replay.
  if (o.collective && !o.collective->recordable()) options_.replay = false;
}

void WganIteration::combineRanks(const Shard& shard, int batch, DeviceArray<float>* grads, double* scalars, int scalarCount,
                                 double* classifierTerms) {
  Collective* c = options_.collective;
  if (!c) return;
  const auto t0 = std::chrono::steady_clock::now();
  const double weight = static_cast<double>(shard.rows) / batch;
  if (grads) c->allReduceSum(grads->data(), grads->size(), weight);
  c->allReduceSum(scalars, scalarCount, weight);
  if (classifierTerms) {
    c->allReduceSum(classifierTerms, 1, weight);   // the mean cross-entropy
    c->allReduceSum(classifierTerms + 1, 1, 1.0);  // the samples classified right, of the global batch
  }
  allReduceMs_ += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

void WganIteration::enqueue() {
  const SharedStatistics shared(G_, options_);
  const int n = options_.batch;  // rows drawn: the global batch
  const int local = shard_.rows;  // rows of this rank's shard, from row `first` on
  const size_t first = shard_.offset;
  const size_t realBlock = static_cast<size_t>(local) * D_.inSize();
  uint64_t offset = 0;
  device_.mark(kStart);
  for (int step = 0; step < options_.criticIters; ++step) {
    device_.fillNormal(z_.data(), zCount(), rngControl_.data(), offset);
    offset += counters(zCount());
    const int32_t* fakeLabels = drawFakeLabels(n, offset);
    const float* fake = generate(G_, z_.data() + first * G_.inSize(), local, fakeLabels ? fakeLabels + first : nullptr);
    device_.copy(fake_.data(), fake, realBlock * sizeof(float));
    device_.fillUniform(eps_.data(), n, 0.f, 1.f, rngControl_.data(), offset);
    offset += counters(n);
    // The critic's classifier learns on the real samples only (as the reference's).
    const AcganTerm real{realLabels_.data() + static_cast<size_t>(step) * local, static_cast<float>(options_.acganScale)};
    critic_.enqueue(real_.data() + step * realBlock, fake_.data(), eps_.data() + first, local, options_.lambda,
                    classes_ ? &real : nullptr);
    combineRanks(shard_, n, &D_.grads(), critic_.scalars(), CriticStep::kScalars, critic_.classifierTerms());
    device_.checkFinite(D_.grads().data(), static_cast<long long>(D_.grads().size()), critic_.scalars(),
                        CriticStep::kScalars, finite_.data() + step);
    adamD_.step(D_.params().data(), D_.grads().data(), finite_.data() + step);
  }
  device_.mark(kCriticDone);
  device_.fillNormal(z_.data(), generatorZCount(), rngControl_.data(), offset);
  offset += counters(generatorZCount());
  const int localG = generatorShard_.rows;
  const size_t firstG = generatorShard_.offset;
  const int32_t* requestedLabels = drawFakeLabels(options_.generatorBatch, offset);
  const AcganTerm requested{requestedLabels ? requestedLabels + firstG : nullptr, static_cast<float>(options_.acganScaleG)};
  generator_.enqueue(z_.data() + firstG * G_.inSize(), localG, classes_ ? &requested : nullptr);
  combineRanks(generatorShard_, options_.generatorBatch, &G_.grads(), generator_.loss(), 1, generator_.classifierTerms());
  device_.checkFinite(G_.grads().data(), static_cast<long long>(G_.grads().size()), generator_.loss(), 1,
                      finite_.data() + options_.criticIters);
  adamG_.step(G_.params().data(), G_.grads().data(), finite_.data() + options_.criticIters);
  if (ema_) ema_->enqueue(finite_.data() + options_.criticIters);
  device_.mark(kGeneratorDone);
}

const int32_t* WganIteration::drawFakeLabels(int n, uint64_t& offset) {
  if (!classes_) return nullptr;
  drawLabels(device_, fakeLabels_.data(), n, classes_, rngControl_.data(), offset);
  offset += counters(n);
  return fakeLabels_.data();
}

uint64_t WganIteration::countersPerIteration() const {
  const uint64_t labels = classes_ ? counters(options_.batch) : 0;
  const uint64_t generatorLabels = classes_ ? counters(options_.generatorBatch) : 0;
  return options_.criticIters * (counters(zCount()) + labels + counters(options_.batch)) + counters(generatorZCount()) +
         generatorLabels;
}

IterationStats WganIteration::run(const float* real, const int32_t* labels) {
  requireLabels(classes_, labels);
  allReduceMs_ = 0;
  real_.upload(real);
  if (classes_) realLabels_.upload(labels);
  const RngControl control{rng_.key(), rng_.counter()};
  rngControl_.upload(&control);
  if (ema_) ema_->prepare(options_.generatorBatch);
  // The first iteration runs directly (it sizes every buffer); later ones replay its recording. A model
  // whose buffers moved since (another batch size elsewhere) is recorded again.
  const int generations = G_.generation() * 65536 + D_.generation();
  if (replay_ && replayGenerations_ != generations) replay_.reset();
  if (!ranOnce_ || !options_.replay) {
    enqueue();
  } else {
    if (!replay_) {
      replay_ = device_.capture([this] { enqueue(); });
      replayGenerations_ = generations;
    }
    if (replay_) replay_->launch();
    else enqueue();
  }
  ranOnce_ = true;

  rng_.setState(rng_.key(), rng_.counter() + countersPerIteration());
  IterationStats stats{};
  const CriticResult c = critic_.lossTerms(options_.batch);
  stats.criticLoss = c.loss;
  stats.wasserstein = c.wasserstein;
  stats.penalty = c.penalty;
  stats.gradNormMean = c.gradNormMean;
  stats.classifierLoss = c.classifierLoss;
  stats.classifierAccuracy = c.classifierAccuracy;
  stats.generatorLoss = generator_.result();
  stats.generatorClassifierLoss = generator_.classifierLoss();
  const std::vector<int> finite = finite_.toHost();
  stats.finite = std::all_of(finite.begin(), finite.end(), [](int f) { return f != 0; });
  stats.criticStepMs = device_.markedMs(kStart, kCriticDone) / std::max(1, options_.criticIters);
  stats.generatorStepMs = device_.markedMs(kCriticDone, kGeneratorDone);
  stats.allReduceMs = allReduceMs_;
  return stats;
}

CriticResult WganIteration::evaluate(const float* real, uint64_t seed, const int32_t* labels) {
  requireLabels(classes_, labels);
  const SharedStatistics shared(G_, options_);
  const int n = options_.batch;
  const int local = shard_.rows;
  const size_t first = shard_.offset;
  device_.upload(real_.data(), real, static_cast<size_t>(local) * D_.inSize() * sizeof(float));  // the first slot
  if (classes_) device_.upload(realLabels_.data(), labels, static_cast<size_t>(local) * sizeof(int32_t));
  const RngControl control{seed, 0};
  rngControl_.upload(&control);
  device_.fillNormal(z_.data(), zCount(), rngControl_.data(), 0);
  uint64_t offset = counters(zCount());
  const int32_t* fakeLabels = drawFakeLabels(n, offset);
  device_.fillUniform(eps_.data(), n, 0.f, 1.f, rngControl_.data(), offset);
  const float* fake = generate(G_, z_.data() + first * G_.inSize(), local, fakeLabels ? fakeLabels + first : nullptr);
  device_.copy(fake_.data(), fake, static_cast<size_t>(local) * D_.inSize() * sizeof(float));
  device_.copy(keptGrads_.data(), D_.grads().data(), D_.grads().bytes());
  const AcganTerm term{realLabels_.data(), static_cast<float>(options_.acganScale)};
  critic_.enqueue(real_.data(), fake_.data(), eps_.data() + first, local, options_.lambda, classes_ ? &term : nullptr);
  combineRanks(shard_, n, nullptr, critic_.scalars(), CriticStep::kScalars, critic_.classifierTerms());
  device_.copy(D_.grads().data(), keptGrads_.data(), D_.grads().bytes());
  return critic_.result(n);
}

}  // namespace wgan
