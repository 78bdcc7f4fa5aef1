package io.takumo.aegis.detect.heuristic;

import static io.takumo.aegis.detect.Detect.found;
import static io.takumo.aegis.detect.Detect.hit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lines of ordinary source code whose names sound secret (the shapes `scan` found in the JDK's own
 * sources), and the real secrets in code that must still be found.
 */
class SourceCodeValuesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        // a name followed by the end of a statement, argument list or condition
        "            auth = authpath;",
        "    static final boolean supportsTransparentAuth = supported ? supportsTransparentAuth() : false;",
        "                rc.baseSecret = nplus1;",
        "            this.dupToken = duplicate;",
        "            for (char[] pass : passwords) {",
        "        for (String token : tokens) {",
        "            this.privatekey = privatekey;",
        "            this.credentials = credentials;",
        "        this.tokens = tokens;",
        // the name again, qualified or as a word
        "                    rsaPossession.popPrivateKey : x509Possession.popPrivateKey;",
        "            Token token = p11Key.token;",
        "            PrivateKey privateKey = P11Key.privateKey\n                (session, keyIDs[1]);",
        "     *     response-auth = \"rspauth\" \"=\" response-value",
        "   char[] passphrase = \"passphrase\".toCharArray();",
        // comparisons and scope operators
        "            if (typeToken==XPath.Tokens.EXPRTOKEN_NAMETEST_NAMESPACE)",
        "                        .filter(Predicate.not(subTokens::contains))",
        // prose in comments
        "                                // First pass:  handle NS decls",
        "    // for removable tokens: whether this token is valid or has been removed",
        "        case HTTP_PROXY_AUTH: return \" Proxy Authentication Required\";",
        // words, names, numbers and templates
        "        s1 += (tokenObject ? \"token\" : \"session\") + \" object\";",
        " * below format. hashedPassword = base64_encoded_64_byte_salt W",
        "    public static final long  CKA_NETSCAPE_TRUST_SERVER_AUTH      = 0xCE536358L;",
        "    private static final String USERNAME_TOKEN = \"{USERNAME}\";",
        "auth: kerberos",
        // TypeScript: optional chaining, type annotations, generic types; a published password
        "        const password = result.groups?.password;",
        "  const getTokenType = function (\n    token: JSToken | JSXToken,\n  ): InternalTokenType {",
        "type Pass = IsEmptyObject<{}>; //=> true",
        "const GCP_SERVICE_ACCOUNT_P12_PASSWORD = \"notasecret\";",
        // minified JavaScript: switch labels, labels in strings, member chains, fetch options
        "switch(L){case\"apiKey\":j=Re.createElement(x,{key:o,schema:s})}",
        "case PASSWORD: return promptFor(secretField);",
        "Re.createElement(\"label\",{htmlFor:\"auth_password\"},\"Password:\"),$?Re.createElement(\"code\")",
        "Y.auth=Y.password?Y.username+\":\"+Y.password:Y.username",
        "fetch(u,{credentials:\"same-origin\",headers:{Accept:\"application/json\"}})",
        // constants named after their value, and messages
        "public static final String ACCESS_CONTROL_ALLOW_CREDENTIALS = \"Access-Control-Allow-Credentials\";",
        "public static final String USER_TOKEN = \"http.user-token\";",
        "credentialPassphrase=Passphrase",
        "unableToSignCommitNoSecretKey=Unable to sign commit. Signing key not available.",
        "<string name=\"lockscreen_checking_password\">Checking\\u2026</string>",
        // names and types in JavaScript and TypeScript (what `scan` found in node_modules)
        "    withCredentials: defaultToConfig2,",
        "  auth: oauth2Client",
        "export declare const DEFAULT_SECRET: Uint8Array;",
        "export declare function pbkdf2(password: Uint8Array, salt: Uint8Array): Uint8Array;",
        "        webIdentityToken: externalDataInterceptor?.getTokenRecord?.()[webIdentityTokenFile],",
        "var _resolveConfig$withCr = cfg.withCredentials, withCredentials = _resolveConfig$withCr === void 0;",
        "        enrollmentTokens: Resource$Enterprises$Enrollmenttokens;",
        "exports.auth = exports.adexchangebuyer2 = exports.VERSIONS = void 0;",
        "module.exports.setThePassword = function (url, password) {",
        "                obj['client_secret'] = REDACT;",
        "      options.auth = \"user:password\";",
        "    \"jsonwebtoken\": \"^9.0.3\",",
        "id_token: true\\}`) is not yet supported",
        // cursors and request markers are not credentials
        " *   NextContinuationToken: \"1w41l63U0xa8q7smH50vCxyTQqdxo69O3EmK28Bi5PcROI4wI/EyIJg==\",",
        "{\"nextPageToken\": \"CiAKGjBpNDd2Nmp2Zml2cXRwYjBpOXA\", \"items\": []}",
        "NEXT_PAGE_TOKEN=Zq8Wm3Rt6Yp1Lk4HQz8W",
        // a URL with user@password as its user info and a host after the colon
        "`https://user@password:www.google.com/` is not a valid statement",
        // what `scan` found in Python's site-packages: typeshed stubs, AWS CLI examples, moto
        "    password: Incomplete",
        "    password: Buffer | None,",
        "def f(x: Literal[False] = False, password: Unused = False) -> None: ...",
        "        private_key: PKCS7PrivateKeyTypes,",
        "ACL_CREDENTIALS = \"Access-Control-Allow-Credentials\"",
        "            \"LockToken\":\"447e55ac-2396-4c6d-b9f9-86b67c17f8b5\",",
        "        self.update_token = \"1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d\"",
        "        --starting-token abCDeFGhiJKlmnOPqrSTuvwxYZ1aBCdEFghijK7L",
        "      \"nextForwardToken\": \"f/31961209122447488583055879464742346735\",",
        "    \"AWS::IAM::AccessKey\": \"62d91b17309e76c8\",",
        "\"Resource\": \"arn:aws:secretsmanager:*:*:secret:aws/ssm/3p/*\",",
        "\"arn:aws:secretsmanager:*:${aws:PrincipalAccount}:secret:amazon-bedrock*\",",
        "           portfolio_share_token = f\"share-{portfolio_id}-{org_type}\"",
        "            credentials = '{0}:{1}'.format(user, passwd)",
        "      \"output_token\": \"CloudFrontOriginAccessIdentityList.NextMarker\",",
        "        self.assertTrue('AUTH=CRAM-MD5' in client.capabilities)",
        "_INDENTATION_TOKENS = 'INDENT', 'ERROR_DEDENT'",
        "    Token:                      \"#d8dee9\",",
        "<assemblyIdentity name=\"x\" publicKeyToken=\"1fc8b3b9a1e18e3b\"></assemblyIdentity>",
        "STRIPE_PUBLISHABLE_KEY=Zq8Wm3Rt6Yp1Lk4HQz8W",
        // Kotlin and Java in the sources of this project's dependencies
        "        fun apiKey(apiKey: String?) = apply { this.apiKey = apiKey }",
        "        private var authToken: String? = null",
        "        token: AccessToken?,",
        "                       val token = details?._fallbackCreditToken()?.asKnown()",
        "    private const val TOKEN = \"([a-zA-Z0-9-!#$%&'*+.^_`{|}~]+)\"",
        "    // token          = 1*tchar",
        "s+=\"token          = 1*(tchar)\\n\"",
        "    String usernameAndPassword = username + \":\" + password;",
        "    public static final String HTTPS_KEYSTORE_PASSWORD = \"keystore-password\";",
      })
  void codeIsNotASecret(String line) {
    assertEquals(List.of(), found(line));
  }

  /** Each line: code, the rule, then the secret in it. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "String password = \"Tr0ub4dor&3\";              | password-assignment | Tr0ub4dor&3",
        "this.password = \"S3cr3t_Spring!\";             | password-assignment | S3cr3t_Spring!",
        "final String apiKey = \"live_93kd8s7d6f5g4h3j\"; | secret-assignment   | live_93kd8s7d6f5g4h3j",
        "PRIVATE_KEY = 0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01b7ab0e2f | secret-assignment | 0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01b7ab0e2f",
        "Password=myPassw0rd;                            | password-assignment | myPassw0rd",
        "DB_PASSWORD=hunter2_rocks                      | password-assignment | hunter2_rocks",
        "token: kq2vnl8xpz4rtw6ymd                      | secret-assignment   | kq2vnl8xpz4rtw6ymd",
        "Password: letmein                              | password-assignment | letmein",
        "password = \"MyPassword2024\"                    | password-assignment | MyPassword2024",
        "client_secret = 'mysecretkey9'                 | secret-assignment   | mysecretkey9",
        "{\"text\": \"password: \\\"S3cr3t!x9\\\"\"}           | password-assignment | S3cr3t!x9",
        "'api_key: \"Zq8Wm3Rt6Yp1Lk4H\"'                 | secret-assignment   | Zq8Wm3Rt6Yp1Lk4H",
        "api_key: \"myApiKey123\"                        | secret-assignment   | myApiKey123",
        "password: MyDogRex2024                        | password-assignment | MyDogRex2024",
        "const sessionToken = \"Zq8Wm3Rt6Yp1Lk4HQz8W\";   | secret-assignment   | Zq8Wm3Rt6Yp1Lk4HQz8W",
        "GITHUB_TOKEN=ghp_notAChecksum1234567890abcdefghij | secret-assignment | ghp_notAChecksum1234567890abcdefghij",
        "NPM_PUBLISH_TOKEN=Zq8Wm3Rt6Yp1Lk4HQz8W         | secret-assignment   | Zq8Wm3Rt6Yp1Lk4HQz8W",
        "SESSION_TOKEN=Zq8Wm3Rt6Yp1Lk4HQz8W             | secret-assignment   | Zq8Wm3Rt6Yp1Lk4HQz8W",
        "password: Summer2024                          | password-assignment | Summer2024",
        "login(user: bob, password: Hunter2024)        | password-assignment | Hunter2024",
        "HEADER_SECRET = \"X-Zq8Wm3Rt6Yp1Lk4H\"            | secret-assignment   | X-Zq8Wm3Rt6Yp1Lk4H",
        "token: AKQ7ZP9MXW2LR4TN,                      | secret-assignment   | AKQ7ZP9MXW2LR4TN",
      })
  void secretsInCodeAreStillFound(String line, String rule, String secret) {
    assertEquals(List.of(hit(rule, secret)), found(line));
  }
}
