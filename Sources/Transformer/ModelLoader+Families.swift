import Foundation
import ModelFiles

extension ModelLoader {
    /// The model a `config.json` describes. Config errors come before weight errors: they are the cheaper
    /// fix, so `weights` is opened only once the config has been read.
    static func folderModel(
        _ family: ModelFamily, config data: Data, configURL url: URL,
        weights: () throws -> any WeightSource, name: String
    ) throws -> any LanguageModel {
        let source = url.path
        func decoder(_ layout: DecoderLayout) throws -> DecoderModel {
            try DecoderModel(
                layout: layout, family: family, weights: weights(), convention: .huggingFace, name: name)
        }
        switch family {
        case .gpt2:
            let c = try decode(GPT2Config.self, data, url)
            return try GPT2Model(config: c, weights: weights(), convention: .huggingFace, name: name)
        case .opt:
            let c = try decode(OPTConfig.self, data, url)
            return try OPTModel(config: c, weights: weights(), name: name)
        case .llama:
            return try decoder(try decode(LlamaConfig.self, data, url).layout(source: source, gguf: false))
        case .gptNeoX:
            let c = try decode(GPTNeoXConfig.self, data, url)
            return try GPTNeoXModel(config: c, weights: weights(), convention: .huggingFace, name: name)
        case .mistral: return try decoder(try decode(MistralConfig.self, data, url).layout(source: source))
        case .qwen2: return try decoder(try decode(Qwen2Config.self, data, url).layout(source: source))
        case .qwen3: return try decoder(try decode(Qwen3Config.self, data, url).layout(source: source))
        case .phi3: return try decoder(try decode(Phi3Config.self, data, url).layout(source: source))
        case .gemma2: return try decoder(try decode(Gemma2Config.self, data, url).layout(source: source))
        case .gemma3: return try decoder(try decode(Gemma3Config.self, data, url).layout(source: source))
        }
    }

    /// The model a GGUF file's `<arch>.*` metadata describes.
    static func ggufModel(
        _ family: ModelFamily, metadata m: GGUFMetadata, file: GGUFFile, vocabularySize v: Int, name: String
    ) throws -> any LanguageModel {
        func decoder(_ layout: DecoderLayout) throws -> DecoderModel {
            try DecoderModel(layout: layout, family: family, weights: file, convention: .gguf, name: name)
        }
        let source = m.source
        switch family {
        case .gpt2:
            let c = try GPT2Config(gguf: m, vocabularySize: v)
            return try GPT2Model(config: c, weights: file, convention: .gguf, name: name)
        case .llama:
            return try decoder(try LlamaConfig(gguf: m, vocabularySize: v).layout(source: source, gguf: true))
        case .gptNeoX:
            let c = try GPTNeoXConfig(gguf: m, vocabularySize: v)
            return try GPTNeoXModel(config: c, weights: file, convention: .gguf, name: name)
        case .qwen2: return try decoder(try Qwen2Config(gguf: m, vocabularySize: v).layout(source: source))
        case .qwen3: return try decoder(try Qwen3Config(gguf: m, vocabularySize: v).layout(source: source))
        case .phi3: return try decoder(try Phi3Config(gguf: m, vocabularySize: v).layout(source: source))
        case .gemma2:
            let c = try Gemma2Config(gguf: m, vocabularySize: v, layersOf27B: 46)
            return try decoder(try c.layout(source: source))
        case .gemma3: return try decoder(try Gemma3Config(gguf: m, vocabularySize: v).layout(source: source))
        case .opt, .mistral:
            // llama.cpp has no OPT architecture and writes Mistral as "llama".
            throw TransformerError.unsupportedArchitecture(m.architecture)
        }
    }
}
