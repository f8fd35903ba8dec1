import ModGateAuth
import Testing

@Test func headerWinsOverQuery() throws {
    #expect(try BearerToken.extract(authorization: "Bearer abc.def.ghi", queryToken: "q") == "abc.def.ghi")
    #expect(try BearerToken.extract(authorization: "bearer   abc", queryToken: nil) == "abc")
    #expect(try BearerToken.extract(authorization: nil, queryToken: "q.t.s") == "q.t.s")
}

@Test func missingAndWrongScheme() {
    #expect(throws: AuthError.missing) { try BearerToken.extract(authorization: nil, queryToken: nil) }
    #expect(throws: AuthError.missing) { try BearerToken.extract(authorization: "  ", queryToken: "") }
    #expect(throws: AuthError.missing) { try BearerToken.extract(authorization: "Bearer ", queryToken: nil) }
    do {
        _ = try BearerToken.extract(authorization: "Basic dXNlcjpwdw==", queryToken: nil)
        Issue.record("expected an error")
    } catch {
        #expect(error.code == .malformed)
    }
}
