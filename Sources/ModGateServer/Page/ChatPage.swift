import HTTPTypes
import Hummingbird

/// The browser chat page at `/`: the HTML, CSS and JavaScript files beside this one, embedded in the binary by
/// SwiftPM (`resources: [.embedInCode(...)]`), so nothing is fetched from elsewhere and nothing is built first.
///
/// Each file goes out with headers that keep the page to itself: a content security policy that allows only its
/// own script, style and icon and connections back to the gateway (HTTP history and `/v1/ws`; CSP Level 3's
/// `'self'` covers `ws:` and `wss:` to the same host), no inline script, no framing, no form posts, no sniffing
/// and no referrer.
struct ChatPage {
    struct File: Sendable {
        let path: String
        let contentType: String
        let body: ByteBuffer
    }

    static let files = [
        File(path: "/", contentType: "text/html; charset=utf-8", body: ByteBuffer(bytes: PackageResources.index_html)),
        File(path: "/page.js", contentType: "text/javascript; charset=utf-8", body: ByteBuffer(bytes: PackageResources.page_js)),
        File(path: "/page.css", contentType: "text/css; charset=utf-8", body: ByteBuffer(bytes: PackageResources.page_css)),
        File(path: "/page-icon.svg", contentType: "image/svg+xml", body: ByteBuffer(bytes: PackageResources.page_icon_svg)),
    ]

    /// The page's paths, which need no token: the page reads its token from the address's fragment.
    static let paths = Set(files.map(\.path))

    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    func add(to router: Router<GatewayContext>) {
        for file in Self.files {
            let headers: HTTPFields = [
                .contentType: file.contentType,
                // Small files, checked again on each load, so that a new binary's page is never mixed with an old one's.
                .cacheControl: "no-cache",
                .contentSecurityPolicy: Self.contentSecurityPolicy,
                .xContentTypeOptions: "nosniff",
                Self.referrerPolicy: "no-referrer",
            ]
            router.get(RouterPath(file.path)) { _, _ in Response(status: .ok, headers: headers, body: .init(byteBuffer: file.body)) }
        }
    }

    private static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}
