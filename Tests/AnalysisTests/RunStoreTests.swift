import Foundation
import ModelFiles
import Testing

@testable import Analysis

@Suite("RunStore")
struct RunStoreTests {
    @Test("a prompt is tokenized once per model: the same prompt and model reuse the ids, another prompt or model does not")
    func tokenizesOnce() throws {
        let store = RunStore()
        let a = ModelLocation.folder(URL(fileURLWithPath: "/models/a"))
        let b = ModelLocation.folder(URL(fileURLWithPath: "/models/b"))
        var calls = 0
        func tokenize(_ ids: [Int]) -> () throws -> [Int] { { calls += 1; return ids } }
        #expect(try store.ids(model: a, prompt: "long prompt", tokenize: tokenize([1, 2, 3])) == [1, 2, 3])
        // The confirmed run of the same prompt (and any control change after it) asks again: no tokenizing.
        #expect(try store.ids(model: a, prompt: "long prompt", tokenize: tokenize([9])) == [1, 2, 3])
        #expect(calls == 1)
        #expect(try store.ids(model: a, prompt: "other", tokenize: tokenize([4])) == [4])
        #expect(try store.ids(model: b, prompt: "other", tokenize: tokenize([5])) == [5])
        #expect(calls == 3)
        // A failure is not kept: the next request tokenizes again.
        #expect(throws: AnalysisError.self) {
            try store.ids(model: a, prompt: "bad") { throw AnalysisError.invalidTopK(k: 0) }
        }
        #expect(try store.ids(model: a, prompt: "bad", tokenize: tokenize([6])) == [6])
    }
}
