import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A response's status and headers (names compared case-insensitively).
struct HTTPHead: Sendable {
    let url: URL
    let status: Int
    let headers: [String: String]

    init(_ response: HTTPURLResponse) {
        url = response.url ?? URL(fileURLWithPath: "/")
        status = response.statusCode
        var lower: [String: String] = [:]
        for (key, value) in response.allHeaderFields {
            if let k = key as? String, let v = value as? String { lower[k.lowercased()] = v }
        }
        headers = lower
    }

    subscript(_ name: String) -> String? { headers[name.lowercased()] }
}

/// Blocking HTTP over URLSession (FoundationNetworking on Linux), redirects never followed automatically:
/// the caller follows the Hub's relative redirects itself and reads `X-Linked-*` from an LFS file's 302
/// before going to the CDN, where the token must not go. Call from a background thread.
struct HTTPClient: Sendable {
    /// Seconds without any data before a request counts as timed out.
    var idleTimeout: TimeInterval = 30

    /// A request's body collected in memory (API answers, small files, error bodies).
    func fetch(_ request: URLRequest) throws -> (HTTPHead, Data) {
        var body = Data()
        let head = try stream(request) { _ in
            true
        } onData: {
            body.append($0)
        }
        return (head, body)
    }

    /// Runs `request`; `onResponse` sees the status and headers first and returns whether to read the
    /// body; `onData` gets each chunk (throwing stops the transfer and rethrows).
    /// - Throws: the `URLError` that ended the transfer, or what a callback threw.
    func stream(
        _ request: URLRequest, onResponse: @escaping (HTTPHead) -> Bool,
        onData: @escaping (Data) throws -> Void
    ) throws -> HTTPHead {
        var request = request
        request.timeoutInterval = idleTimeout
        let transfer = Transfer(onResponse: onResponse, onData: onData)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = idleTimeout
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        let session = URLSession(configuration: configuration, delegate: transfer, delegateQueue: queue)
        defer { session.finishTasksAndInvalidate() }
        session.dataTask(with: request).resume()
        transfer.done.wait()
        if let error = transfer.callbackError { throw error }
        if let error = transfer.error,
            !(transfer.stoppedOnPurpose && (error as? URLError)?.code == .cancelled)
        {
            throw error
        }
        guard let head = transfer.head else { throw URLError(.badServerResponse) }
        return head
    }
}

/// The delegate of one request: its state is touched only on the session's serial delegate queue, and
/// read by the caller after `done` is signalled.
private final class Transfer: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    let onResponse: (HTTPHead) -> Bool
    let onData: (Data) throws -> Void
    let done = DispatchSemaphore(value: 0)
    var head: HTTPHead?
    var error: Error?
    var callbackError: Error?
    var stoppedOnPurpose = false

    init(onResponse: @escaping (HTTPHead) -> Bool, onData: @escaping (Data) throws -> Void) {
        self.onResponse = onResponse
        self.onData = onData
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
    ) {
        completionHandler(nil)  // the caller decides where to go next
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        guard let http = response as? HTTPURLResponse else {
            completionHandler(.cancel)
            return
        }
        let head = HTTPHead(http)
        self.head = head
        if onResponse(head) {
            completionHandler(.allow)
        } else {
            stoppedOnPurpose = true
            completionHandler(.cancel)
        }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard callbackError == nil else { return }
        do {
            try onData(data)
        } catch {
            callbackError = error
            stoppedOnPurpose = true
            dataTask.cancel()
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        if head == nil, let http = task.response as? HTTPURLResponse { head = HTTPHead(http) }
        self.error = error
        done.signal()
    }
}
