/// Finds the token in a request: the `Authorization: Bearer` header first, else the `token` query parameter
/// (browsers cannot set headers on a WebSocket). Never log the query parameter: it is a credential.
public enum BearerToken {
    /// The token text. - Throws: `token_missing` when neither carries one, `token_malformed` for another scheme.
    public static func extract(authorization: String?, queryToken: String?) throws(AuthError) -> String {
        if let header = authorization?.trimmingSpaces(), !header.isEmpty {
            let scheme = header.prefix(while: { $0 != " " })
            guard scheme.lowercased() == "bearer" else {
                throw .malformed("the Authorization header must use the Bearer scheme")
            }
            let token = header.dropFirst(scheme.count).drop(while: { $0 == " " })
            guard !token.isEmpty else { throw .missing }
            return String(token)
        }
        if let query = queryToken, !query.isEmpty { return query }
        throw .missing
    }
}
