import ModGateAuth

extension AdminJSON {
    /// `GET /v1/admin/tokens/keys`: the live keys, newest (the one that signs) first.
    struct TokenKeyList: Encodable {
        var keys: [TokenKeyEntry]

        init(_ keys: TokenKeys) {
            let signing = keys.signing.id
            self.keys = keys.live.values.sorted { ($0.created, $0.id) > ($1.created, $1.id) }
                .map { TokenKeyEntry($0, signing: $0.id == signing) }
        }
    }

    /// One live key, `{"kid":...,"created_at":...,"signing":...}`: a listing's item, and the answer of a rotation.
    struct TokenKeyEntry: Encodable {
        var kid: String
        /// Unix seconds, whole.
        var createdAt: Int64
        var signing: Bool

        private enum CodingKeys: String, CodingKey {
            case kid, signing
            case createdAt = "created_at"
        }

        init(_ key: TokenKey, signing: Bool) {
            kid = key.id
            createdAt = Int64(key.created.rounded(.down))
            self.signing = signing
        }
    }

    /// `POST /v1/admin/tokens/keys/{kid}/retire`: and how many connections closed on this gateway (the others close
    /// theirs when they hear of it).
    struct RetiredKey: Encodable {
        var kid: String
        var retired = true
        var closed: Int
    }
}
