import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The chat page's files as the gateway serves them: without a token, with their types and the headers that keep
/// the page to itself, nothing fetched from elsewhere, and no way in its script to turn a text into markup.
@Suite(.timeLimit(.minutes(1)))
struct ChatPageRouteTests {
    static let files = [
        ("/", "text/html; charset=utf-8"), ("/page.js", "text/javascript; charset=utf-8"), ("/page.css", "text/css; charset=utf-8"),
        ("/page-icon.svg", "image/svg+xml"),
    ]

    @Test func eachFileIsServedWithoutATokenWithItsTypeAndStrictHeaders() async throws {
        try await GatewayHarness.quiet().run { session in
            for (path, type) in Self.files {
                let response = try await session.request(path)
                #expect(response.status == .ok, "\(path)")
                #expect(response.headers[.contentType] == type, "\(path)")
                #expect(response.headers[.cacheControl] == "no-cache")
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
                #expect(
                    response.headers[.contentSecurityPolicy]
                        == "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
                        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
                let body = String(buffer: response.body)
                #expect(!body.isEmpty)
                // The SVG namespace is a name, not an address anything is fetched from.
                let addresses = body.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
                #expect(!addresses.contains("http://") && !addresses.contains("https://"), "\(path) names another site")
            }
        }
    }

    @Test func thePageLoadsOnlyItsOwnFilesAndNoInlineScriptOrStyle() async throws {
        try await GatewayHarness.quiet().run { session in
            let html = String(buffer: try await session.request("/").body)
            #expect(html.contains(#"<script type="module" src="/page.js"></script>"#))
            #expect(html.components(separatedBy: "<script").count == 2, "one script element, the page's own")
            #expect(!html.contains("style="), "the policy refuses inline styles")
            #expect(html.range(of: #"\son[a-z]+\s*="#, options: .regularExpression) == nil, "no inline event handlers")
            for reference in ["/page.css", "/page.js", "/page-icon.svg"] { #expect(html.contains(#""\#(reference)""#)) }
        }
    }

    @Test func theScriptNeverWritesMarkup() async throws {
        try await GatewayHarness.quiet().run { session in
            let script = String(buffer: try await session.request("/page.js").body)
            for sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", ".style."] {
                #expect(!script.contains(sink), "page.js uses \(sink)")
            }
            #expect(script.contains("textContent"))
        }
    }

    @Test func theOtherRoutesAreUnchanged() async throws {
        try await GatewayHarness.quiet().run { session in
            #expect(String(buffer: try await session.request("/healthz").body) == "ok\n")
            #expect(try await session.request("/metrics").status == .ok)
            let history = try await session.request("/v1/rooms/lobby/messages?since=0")
            #expect(history.status == .unauthorized, "the API still needs a token")
            #expect(try await session.request("/v1/rooms/lobby/messages?since=0", user: "alice").status == .ok)
            #expect(try await session.request("/index.html").status != .ok, "the page is at /, nowhere else")
        }
    }
}
