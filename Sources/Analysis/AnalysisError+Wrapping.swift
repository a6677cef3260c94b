import ModelFiles
import Tokenizers
import Transformer

extension AnalysisError {
    /// `error` as the analysis error a pane shows: analysis errors as they are, the model, file and tokenizer
    /// errors wrapped in their case, anything else as `.unexpected`.
    public init(wrapping error: any Error) {
        switch error {
        case let error as AnalysisError: self = error
        case let error as TransformerError: self = .model(error)
        case let error as ModelFilesError: self = .modelFiles(error)
        case let error as TokenizerError: self = .tokenizer(error)
        default: self = .unexpected("\(error)")
        }
    }
}
