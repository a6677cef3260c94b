import ArgumentParser
import Foundation
import Transformer

/// `tokengen tokenize`: the ids and token strings a model's tokenizer gives for a text.
struct Tokenize: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Tokenize a text with a model's tokenizer.")

    @Option(help: "Model: a folder, a .gguf file or a Hugging Face cache name (default: the bundled SmolLM2).")
    var model: String?
    @Option(parsing: .unconditional, help: "The text to tokenize (may start with -).") var text: String
    @Flag(help: "Write JSON: {\"ids\": [...], \"tokens\": [...]}.") var json = false

    func run() throws {
        do {
            let loaded = try ModelLoader.load(try ModelOption.resolve(model))
            guard let tokenizer = loaded.tokenizer else {
                throw TransformerError.missingTokenizer(folder: loaded.displayName)
            }
            let ids = try tokenizer.encode(text)
            let tokens = ids.map { (try? tokenizer.displayText(forID: $0)) ?? "#\($0)" }
            if json {
                struct Out: Encodable { let ids: [Int], tokens: [String] }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                print(String(decoding: try encoder.encode(Out(ids: ids, tokens: tokens)), as: UTF8.self))
            } else {
                for (id, token) in zip(ids, tokens) { print("\(id)\t\(token)") }
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            throw fail(error, json: json)
        }
    }
}
