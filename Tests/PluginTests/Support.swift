import Analysis
import Charts
import Foundation
import ModelFiles
import PluginKit
import Testing

/// Fixture locations, found from this file (package root → ../shared/fixtures).
enum Fixtures {
    static let root: URL = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/"
            && !FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path)
        {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("../shared/fixtures").standardizedFileURL
    }()
    static let gpt2 = root.appendingPathComponent("models/gpt2-tiny")
    static let llama = root.appendingPathComponent("models/llama-tiny")
    /// Prompt p0 of the fixture references.
    static let prompt = "The world is full of amazing"

    /// `final_top10_ids` of prompt p0 in gpt2-tiny's reference.json.
    static func gpt2FinalTop10() throws -> [Int] {
        let data = try Data(contentsOf: gpt2.appendingPathComponent("reference.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let prompts = try #require(json["prompts"] as? [[String: Any]])
        return try #require(prompts.first?["final_top10_ids"] as? [Int])
    }

    /// gpt2-tiny's reference attention of p0, `[L, H, T, T]` flattened, with its shape.
    static func gpt2Attention() throws -> (shape: [Int], values: [Float]) {
        let file = try SafetensorsFile(url: gpt2.appendingPathComponent("reference.safetensors"))
        let t = try file.tensor("p0.attn")
        return (t.shape, t.values)
    }
}

/// Every update of one fixture run, in order.
struct FixtureRun: Sendable {
    let updates: [SessionUpdate]

    var snapshots: [SessionSnapshot] { updates.compactMap(\.snapshot) }
    var tokenized: SessionSnapshot? { snapshots.first { $0.stage == .tokenized } }
    /// A snapshot with some layers but not all (mid-stream).
    var midStream: SessionSnapshot? {
        snapshots.first {
            if case .running(let l, let of) = $0.stage { return l >= 1 && l < of }
            return false
        }
    }
    var finished: SessionSnapshot? { snapshots.first { $0.stage == .finished } }

    static func run(_ request: AnalysisRequest) -> FixtureRun {
        let session = AnalysisSession()
        let box = Collector()
        session.subscribe(on: ImmediateScheduler()) { box.append($0) }
        session.start(request)
        session.waitUntilIdle()
        return FixtureRun(updates: box.all)
    }

    /// gpt2-tiny on p0, contrast things/people, compared with llama-tiny, selection 0.5–1 × tokens 2–5.
    static let full: FixtureRun = {
        var options = AnalysisOptions()
        options.contrast = ContrastPair("things", "people")
        options.selection = ComparisonSelection(depthFrom: 0.5, depthTo: 1.0, tokenFrom: 2, tokenTo: 5)
        return run(
            AnalysisRequest(
                prompt: Fixtures.prompt, model: .folder(Fixtures.gpt2), compareModel: .folder(Fixtures.llama),
                options: options))
    }()

    /// gpt2-tiny on p0 with nothing optional: no contrast, no second model, no clustering.
    static let plain: FixtureRun = {
        var options = AnalysisOptions()
        options.clusterHeads = false
        return run(AnalysisRequest(prompt: Fixtures.prompt, model: .folder(Fixtures.gpt2), options: options))
    }()
}

final class Collector: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [SessionUpdate] = []
    func append(_ u: SessionUpdate) { lock.withLock { items.append(u) } }
    var all: [SessionUpdate] { lock.withLock { items } }
}

/// One offscreen render: pixels plus the box of every string drawn.
struct Render {
    let image: RasterImage
    let textBounds: [Rect]

    @MainActor static func draw(_ plugin: any VisualizationPlugin, size: Size = Size(width: 900, height: 600)) throws
        -> Render
    {
        var bounds: [Rect] = []
        let image = try ChartExporter.renderImage(size: size) { canvas, size in
            canvas.recordsTextBounds = true
            try plugin.draw(canvas, size: size)
            bounds = canvas.textBounds
        }
        return Render(image: image, textBounds: bounds)
    }

    /// The pixel at a point (clamped into the image).
    func color(at p: Point) -> Color {
        let x = min(max(Int(p.x), 0), image.width - 1), y = min(max(Int(p.y), 0), image.height - 1)
        return image.color(x: x, y: y)
    }

    /// Whether any pixel within `radius` of `p` is within `tolerance` of `target`.
    func has(_ target: Color, near p: Point, radius: Int = 2, tolerance: Double = 0.08) -> Bool {
        for dy in -radius...radius {
            for dx in -radius...radius
            where close(color(at: Point(x: p.x + Double(dx), y: p.y + Double(dy))), target, tolerance) {
                return true
            }
        }
        return false
    }

    /// Number of pixels in the image within `tolerance` of `target`.
    func count(_ target: Color, tolerance: Double = 0.04) -> Int {
        var n = 0
        for y in 0..<image.height {
            for x in 0..<image.width where close(image.color(x: x, y: y), target, tolerance) { n += 1 }
        }
        return n
    }

    /// Strings whose box leaves the surface (allowing half a unit of rounding).
    func textOutside(_ size: Size) -> [Rect] {
        textBounds.filter {
            $0.x < -0.5 || $0.y < -0.5 || $0.maxX > size.width + 0.5 || $0.maxY > size.height + 0.5
        }
    }
}

func close(_ a: Color, _ b: Color, _ tolerance: Double) -> Bool {
    abs(a.red - b.red) <= tolerance && abs(a.green - b.green) <= tolerance
        && abs(a.blue - b.blue) <= tolerance
}
