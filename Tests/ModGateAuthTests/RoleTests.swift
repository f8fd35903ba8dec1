import ModGateAuth
import Testing

@Test func higherRolesAllowLowerNeeds() {
    #expect(Role.admin.allows(.moderator))
    #expect(Role.moderator.allows(.moderator))
    #expect(Role.moderator.allows(.member))
    #expect(!Role.member.allows(.moderator))
    #expect(!Role.moderator.allows(.admin))
}

@Test func theServiceRoleIsBesideTheLadderNotOnIt() {
    #expect(Role.service.allows(.service))
    #expect(Role.service.allows(.member))
    #expect(Role.admin.allows(.service))
    #expect(!Role.service.allows(.moderator))
    #expect(!Role.service.allows(.admin))
    #expect(!Role.moderator.allows(.service))
    #expect(!Role.member.allows(.service))
}

@Test func parsesRoleNames() throws {
    #expect(try Role(parsing: "moderator") == .moderator)
    #expect(try Role(parsing: " Admin ") == .admin)
    #expect(try Role(parsing: "service") == .service)
    #expect(throws: AuthConfigError(.unknownRole, #"unknown role "owner"; use one of: member, moderator, admin, service"#)) {
        try Role(parsing: "owner")
    }
}
