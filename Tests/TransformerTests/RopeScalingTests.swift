import Foundation
import Testing
@testable import Transformer

/// RoPE scalings read from `config.json`: the ones computed, and the ones refused by name.
@Suite("RoPE scaling")
struct RopeScalingTests {
    @Test("llama3 keeps wavelengths under 8192/4, divides those over 8192 by 8, blends in between")
    func llama3Bands() {
        let plain = RopeScaling.none.inverseFrequencies(dims: 64, theta: 500_000)
        let scaled = RopeScaling.llama3(factor: 8, lowFreqFactor: 1, highFreqFactor: 4, originalContext: 8192)
            .inverseFrequencies(dims: 64, theta: 500_000)
        for (p, s) in zip(plain, scaled) {
            let wavelength = 2 * Float.pi / p
            if wavelength < 2048 {
                #expect(s == p)
            } else if wavelength > 8192 {
                #expect(s == p / 8)
            } else {
                #expect(s < p && s > p / 8)
            }
        }
        #expect(plain.contains { 2 * Float.pi / $0 > 8192 } && plain.contains { 2 * Float.pi / $0 < 2048 })
    }

    @Test("a yarn rope_scaling is refused with unsupportedRoPE naming it")
    func yarnRefused() throws {
        let config = """
            {"model_type": "qwen2", "hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2,
             "num_attention_heads": 4, "vocab_size": 100,
             "rope_scaling": {"type": "yarn", "factor": 4.0, "original_max_position_embeddings": 32768}}
            """
        let dir = try CheckpointWriter.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("config.json")
        try Data(config.utf8).write(to: url)
        #expect(throws: TransformerError.unsupportedRoPE(type: "yarn", source: url.path)) {
            try ModelLoader.load(.folder(dir))
        }
    }
}
