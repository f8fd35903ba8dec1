/// How calls are governed (the config's `calls` section; see docs/calls.md).
public struct CallSettings: Sendable, Equatable {
    /// Whether clients may call at all (`calls.enabled`).
    public var enabled = true
    /// Invites one user may send: `userInvites` per `userPeriod` seconds (`calls.invites_per_user`).
    public var userInvites = 10
    public var userPeriod = 60.0
    /// Invites sent in one room (`calls.invites_per_room`).
    public var roomInvites = 60
    public var roomPeriod = 60.0
    /// Calls, ringing or connected, one user may be in at once (`calls.max_per_user`).
    public var maxPerUser = 4
    /// The longest an invite may ring, in seconds (`calls.max_lifetime`).
    public var maxLifetime = 120.0
    /// The STUN and TURN servers clients are told to use (`calls.ice_servers`).
    public var iceServers: [IceServer] = []
    /// How long TURN credentials made from a shared secret last, in seconds (`calls.turn_credential_ttl`).
    public var turnCredentialTTL = 86_400.0

    public init() {}
}

/// One entry of `RTCConfiguration.iceServers`, as the config gives it.
public struct IceServer: Sendable, Equatable {
    public var urls: [String]
    public var username: String?
    /// The credential itself (`credential`), or the file holding it (`credential_file`), read at start.
    public var credential: String?
    public var credentialFile: String?
    /// A TURN server's shared secret (`shared_secret_file`, coturn's `static-auth-secret`): each user gets
    /// credentials of their own, made from it, instead of `username` and `credential`.
    public var sharedSecretFile: String?

    public init(
        urls: [String], username: String? = nil, credential: String? = nil, credentialFile: String? = nil, sharedSecretFile: String? = nil
    ) {
        self.urls = urls
        self.username = username
        self.credential = credential
        self.credentialFile = credentialFile
        self.sharedSecretFile = sharedSecretFile
    }
}
