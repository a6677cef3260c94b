import Foundation
import ModelFiles
import TensorCore
import Testing
@testable import Transformer

/// The forward-pass contract: validation, block-by-block callbacks, cancellation, the lens.
@Suite("LanguageModel contract")
struct LanguageModelTests {
    static func gpt2() throws -> any LanguageModel {
        try ModelLoader.load(.folder(Fixtures.model("gpt2-tiny"))).model
    }

    @Test("an empty prompt is rejected with emptyPrompt")
    func emptyPrompt() throws {
        #expect(throws: TransformerError.emptyPrompt) { try Self.gpt2().forward(ids: []) }
    }

    @Test("a prompt longer than the context is rejected with promptTooLong")
    func tooLong() throws {
        let model = try Self.gpt2()
        let ids = Array(repeating: 1, count: 65)
        #expect(throws: TransformerError.promptTooLong(tokens: 65, contextLength: 64)) {
            try model.forward(ids: ids)
        }
    }

    @Test("a token id outside the vocabulary is rejected with tokenOutOfVocabulary")
    func outOfVocabulary() throws {
        let model = try Self.gpt2()
        #expect(throws: TransformerError.tokenOutOfVocabulary(id: 50257, vocabularySize: 50257)) {
            try model.forward(ids: [1, 50257])
        }
        #expect(throws: TransformerError.tokenOutOfVocabulary(id: -1, vocabularySize: 50257)) {
            try model.forward(ids: [-1])
        }
    }

    @Test("onBlock sees the embedding then every block, with the shapes and values of the result")
    func callbacks() throws {
        let model = try Self.gpt2()
        var captures: [BlockCapture] = []
        let result = try model.forward(
            ids: [464, 995, 318], onBlock: { captures.append($0) }, isCancelled: { false })
        #expect(captures.map(\.layer) == [0, 1, 2, 3])
        #expect(captures[0][.embed]?.shape == [3, 64])
        #expect(captures[0][.attnPattern] == nil)
        #expect(captures[2][.attnPattern]?.shape == [4, 3, 3])
        #expect(captures[2][.residMid]?.shape == [3, 64])
        #expect(captures[3][.residPost]?.values == Array(result.resid.values[(3 * 192)...]))
        #expect(result.attention.patterns().shape == [3, 4, 3, 3])
        #expect(result.logitsLast.shape == [50257])
    }

    @Test("a run cancelled after the second block stops with cancelled(afterLayer: 2)")
    func cancellation() throws {
        let model = try Self.gpt2()
        var seen = 0
        #expect(throws: TransformerError.cancelled(afterLayer: 2)) {
            try model.forward(ids: [1, 2, 3], onBlock: { _ in seen += 1 }, isCancelled: { seen >= 3 })
        }
        #expect(seen == 3)
    }

    @Test("the lens of the last block's last row equals the model's own last logits")
    func lensOfLastLayer() throws {
        let model = try Self.gpt2()
        let result = try model.forward(ids: [464, 995, 318])
        let last = Tensor(shape: [1, 64], values: Array(result.resid.values[(4 * 192 - 64)...]))
        #expect(try model.lens(rows: last).values == result.logitsLast.values)
        let column = result.residualRows(at: 2)  // [L+1, D]
        #expect(column.shape == [4, 64])
        #expect(Array(column.values[(3 * 64)...]) == last.values)
        #expect(result.allResidualRows.shape == [12, 64])
        #expect(throws: TransformerError.lensShapeMismatch(expectedWidth: 64, found: [2, 32])) {
            try model.lens(rows: Tensor(shape: [2, 32], values: Array(repeating: 0, count: 64)))
        }
    }

    @Test("opt-tiny from pytorch_model.bin (read without pickle execution) matches the reference")
    func optPyTorch() throws {
        let folder = Fixtures.model("opt-tiny")
        let weights = try PyTorchCheckpoint(url: folder.appendingPathComponent("pytorch_model.bin"))
        let loaded = try ModelLoader.load(folder: folder, weights: weights)
        #expect(loaded.tokenizer == nil)
        #expect(throws: TransformerError.missingTokenizer(folder: "opt-tiny")) {
            try loaded.requireTokenizer()
        }
        try checkAgainstReference(
            loaded.model, reference: folder.appendingPathComponent("reference.safetensors"),
            tolerances: .init())
    }
}
