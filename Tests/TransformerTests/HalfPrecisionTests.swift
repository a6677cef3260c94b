import Foundation
import ModelFiles
import Testing
@testable import Transformer

/// BF16 and sharded checkpoints: a fixture's weights written as BF16 (one file, and three shards with an
/// index) must run exactly as the same values written as F32, and stay close to the F32 reference.
@Suite("BF16 and sharded safetensors")
struct HalfPrecisionTests {
    /// Writes fixture `name`'s config and weights (as `dtype`, in `shards` files) into a new folder.
    func folder(_ name: String, dtype: CheckpointWriter.DType, shards: Int, roundToBF16: Bool) throws -> URL {
        let source = Fixtures.model(name)
        let hf = try ReferenceFile(source.appendingPathComponent("model.safetensors"))
        let tensors = try hf.tensorNames.map { n in
            let t = try hf.tensor(n)
            let values = roundToBF16 ? t.values.map(CheckpointWriter.roundedToBF16) : t.values
            return NamedTensor(name: n, shape: t.shape, values: values)
        }
        let dir = try CheckpointWriter.temporaryFolder()
        try FileManager.default.copyItem(
            at: source.appendingPathComponent("config.json"), to: dir.appendingPathComponent("config.json"))
        try CheckpointWriter.writeSafetensors(tensors, dtype: dtype, shards: shards, folder: dir)
        return dir
    }

    @Test(
        "BF16 weights (single file and 3 shards) run exactly as their F32 values, close to the reference",
        arguments: ["gemma2-tiny", "pythia-tiny", "qwen3-tiny"])
    func bf16(name: String) throws {
        let single = try folder(name, dtype: .bf16, shards: 1, roundToBF16: false)
        let sharded = try folder(name, dtype: .bf16, shards: 3, roundToBF16: false)
        let exact = try folder(name, dtype: .f32, shards: 1, roundToBF16: true)
        defer { for d in [single, sharded, exact] { try? FileManager.default.removeItem(at: d) } }
        let ref = try ReferenceFile(Fixtures.model(name).appendingPathComponent("reference.safetensors"))
        let ids = try ref.ints("p0.input_ids")
        let expected = try ModelLoader.load(.folder(exact)).model.forward(ids: ids)
        for dir in [single, sharded] {
            let model = try ModelLoader.load(.folder(dir)).model
            let result = try model.forward(ids: ids)
            #expect(maxAbsDiff(result.resid.values, expected.resid.values) == 0)
            #expect(maxAbsDiff(result.logitsLast.values, expected.logitsLast.values) == 0)
        }
        // Rounding every weight to 8 mantissa bits moves the logits by under 1% of the largest one here.
        let refLogits = try ref.tensor("p0.logits_last").values
        let drift = maxAbsDiff(expected.logitsLast.values, refLogits)
        let scale = refLogits.reduce(0) { max($0, abs($1)) }
        #expect(drift <= 0.02 * scale, "BF16 logits drift \(drift) vs max |logit| \(scale)")
    }
}
