import ModGateAuth
import Testing

@Test func rolesAreOrdered() {
    #expect(Role.member < .moderator)
    #expect(Role.moderator < .admin)
    #expect(Role.allCases.sorted() == [.member, .moderator, .admin])
}

@Test func higherRolesAllowLowerNeeds() {
    #expect(Role.admin.allows(.moderator))
    #expect(Role.moderator.allows(.moderator))
    #expect(Role.moderator.allows(.member))
    #expect(!Role.member.allows(.moderator))
    #expect(!Role.moderator.allows(.admin))
}

@Test func parsesRoleNames() throws {
    #expect(try Role(parsing: "moderator") == .moderator)
    #expect(try Role(parsing: " Admin ") == .admin)
    #expect(throws: AuthConfigError(.unknownRole, #"unknown role "owner"; use one of: member, moderator, admin"#)) {
        try Role(parsing: "owner")
    }
}
