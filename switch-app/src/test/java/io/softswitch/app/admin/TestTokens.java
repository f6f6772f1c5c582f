package io.softswitch.app.admin;

import java.util.Map;

/**
 * Tokens for tests that do not need the database: one per role, fixed.
 */
final class TestTokens implements ApiTokens
{
    static final String ADMIN = "sst_test-admin";
    static final String OPERATOR = "sst_test-operator";
    static final String FINANCE = "sst_test-finance";
    static final String READ_ONLY = "sst_test-read-only";

    /** Every token above with its role. */
    static final ApiTokens ONE_PER_ROLE = new TestTokens(Map.of(
        ADMIN, new TokenGrant("test-admin", Role.ADMIN),
        OPERATOR, new TokenGrant("test-operator", Role.OPERATOR),
        FINANCE, new TokenGrant("test-finance", Role.FINANCE),
        READ_ONLY, new TokenGrant("test-read-only", Role.READ_ONLY)));

    private final Map<String, TokenGrant> grants;

    private TestTokens(final Map<String, TokenGrant> grants)
    {
        this.grants = grants;
    }

    @Override
    public TokenGrant find(final String token)
    {
        return token == null ? null : grants.get(token);
    }
}
