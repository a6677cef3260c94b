import Foundation
import Testing

@Suite("tokengen analyze: depth views in the JSON", .serialized)
struct DepthCommandTests {
    static var gpt2: String { TokenGenBinary.fixtures.appendingPathComponent("models/gpt2-tiny").path }

    @Test("--grid, lens_mid, attribution and --patch with a contrast: the fields and their identities")
    func fields() throws {
        let r = try TokenGenBinary.run([
            "analyze", "--model", Self.gpt2, "--prompt", "The world is full of amazing", "--grid",
            "--patch", "The city is full of amazing", "--contrast", "things", "people", "--json",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try r.json()
        let layers = 3, tokens = 6
        let grid = try #require(doc["grid"] as? [String: Any])
        let next = try #require(grid["next_token_probs"] as? [[Any]])
        #expect(next.count == layers + 1 && next.allSatisfy { $0.count == tokens })
        #expect(next.allSatisfy { $0.last is NSNull })
        #expect((grid["top_ids"] as? [[Int]])?.count == layers + 1)
        let mid = try #require(doc["lens_mid"] as? [[String: Any]])
        #expect(mid.compactMap { $0["layer"] as? Int } == [1, 2, 3])
        let a = try #require(doc["attribution"] as? [String: Any])
        #expect((a["baseline"] as? [String: Any])?["text"] as? String == " people")
        let parts = try #require(a["layers"] as? [[String: Any]])
        let total = try #require(a["total"] as? Double)
        var sum = (a["embed"] as? Double ?? 0) + (a["bias"] as? Double ?? 0)
        for p in parts {
            let attn = try #require(p["attn"] as? Double)
            sum += attn + (p["mlp"] as? Double ?? 0)
            let heads = try #require(p["heads"] as? [Double])
            #expect(abs(heads.reduce(p["attn_bias"] as? Double ?? 0, +) - attn) < 1e-4)
        }
        #expect(abs(sum - total) <= 1e-3 * max(abs(total), 1e-3))
        let patching = try #require(doc["patching"] as? [String: Any])
        let values = try #require(patching["values"] as? [[Double]])
        #expect(values.count == layers + 1)
        #expect(abs(values[layers][tokens - 1] - 1) < 1e-5)
        #expect(abs(values[0][1] - 1) < 1e-4)  // " world" → " city" restored at the embedding
    }

    @Test("--patch with another token count exits 1 with a clear message")
    func lengthMismatch() throws {
        let r = try TokenGenBinary.run([
            "analyze", "--model", Self.gpt2, "--prompt", "The world is full of amazing", "--patch", "A short one",
        ])
        #expect(r.status == 1)
        #expect(r.stderr.contains("same number of tokens"))
    }
}
