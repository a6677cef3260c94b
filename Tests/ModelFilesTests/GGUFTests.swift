import Foundation
import Testing
import TensorCore
@testable import ModelFiles

@Suite("GGUF")
struct GGUFTests {
    @Test("every quant type dequantizes exactly to gguf-py's values")
    func quantTypesExact() throws {
        let gguf = try GGUFFile(url: Fixtures.url("quant/types.gguf"))
        let reference = try SafetensorsFile(url: Fixtures.url("quant/types-dequantized.safetensors"))
        let names = ["f32", "f16", "bf16", "q8_0", "q4_0", "q4_1", "q5_0", "q5_1", "q4_k", "q5_k", "q6_k"]
        let expectedTypes: [DType] = [
            .f32, .f16, .bf16, .q8_0, .q4_0, .q4_1, .q5_0, .q5_1, .q4_K, .q5_K, .q6_K,
        ]
        for (name, dtype) in zip(names, expectedTypes) {
            #expect(gguf.info(name) == TensorInfo(name: name, shape: [4, 512], dtype: dtype))
            let got = try gguf.tensor(name)
            let want = try reference.tensor(name)
            #expect(got.shape == want.shape, "\(name)")
            let same = zip(got.values, want.values).allSatisfy { $0.bitPattern == $1.bitPattern }
            #expect(same && got.count == want.count, "\(name) differs from gguf-py")
        }
    }

    @Test("llama-tiny-f32 metadata and tensors read as the fixtures describe")
    func llamaTinyMetadata() throws {
        let g = try GGUFFile(url: Fixtures.url("models/llama-tiny/llama-tiny-f32.gguf"))
        #expect(g.version == 3)
        #expect(g.alignment == 32)
        #expect(g.metadata["general.architecture"]?.string == "llama")
        #expect(g.metadata["llama.block_count"]?.int == 3)
        #expect(g.metadata["tokenizer.ggml.tokens"]?.array?.count == 49152)
        #expect(g.metadata["tokenizer.ggml.tokens"]?.array?.first?.string != nil)
        #expect(g.info("token_embd.weight")?.shape == [49152, 64])
        #expect(g.tensorNames.contains("blk.2.ffn_down.weight"))
        #expect(g.info("output.weight") == nil)
        // F32 is viewed in place.
        let t = try g.tensor("token_embd.weight")
        let base = try #require(g.file.bytes.baseAddress)
        let p = UnsafeRawPointer(try #require(t.buffer.baseAddress))
        #expect(p >= base && p < base + g.file.count)
    }

    @Test("the quantized and GPT-2 fixtures open and every tensor converts")
    func otherFixturesOpen() throws {
        for path in ["models/llama-tiny/llama-tiny-q.gguf", "models/gpt2-tiny/gpt2-tiny-f32.gguf"] {
            let g = try GGUFFile(url: Fixtures.url(path))
            #expect(!g.tensorNames.isEmpty)
            for name in g.tensorNames {
                let t = try g.tensor(name)
                #expect(t.values.allSatisfy { $0.isFinite }, "\(path) \(name)")
            }
        }
        let q = try GGUFFile(url: Fixtures.url("models/llama-tiny/llama-tiny-q.gguf"))
        #expect(q.info("token_embd.weight")?.dtype == .q8_0)
        #expect(q.info("blk.0.attn_q.weight")?.dtype == .q4_1)
        let gpt2 = try GGUFFile(url: Fixtures.url("models/gpt2-tiny/gpt2-tiny-f32.gguf"))
        #expect(gpt2.metadata["general.architecture"]?.string == "gpt2")
        #expect(gpt2.info("position_embd.weight")?.shape == [64, 64])
    }

    @Test("the default SmolLM2 model dequantizes fully when present")
    func defaultModel() throws {
        let url = URL(fileURLWithPath: "/work/main/data/models/SmolLM2-135M-Instruct.Q4_1.gguf")
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        let opened = Date()
        let g = try GGUFFile(url: url)
        print("SmolLM2: opened (header, metadata, tensor table) in \(Date().timeIntervalSince(opened)) s")
        #expect(g.metadata["llama.block_count"]?.int == 30)
        #expect(
            g.info("token_embd.weight")
                == TensorInfo(name: "token_embd.weight", shape: [49152, 576], dtype: .q8_0))
        var total = 0
        let start = Date()
        for name in g.tensorNames { total += try g.tensor(name).count }
        let seconds = Date().timeIntervalSince(start)
        print("SmolLM2: \(g.tensorNames.count) tensors, \(total) values dequantized in \(seconds) s")
        #expect(total > 130_000_000)
    }
}
