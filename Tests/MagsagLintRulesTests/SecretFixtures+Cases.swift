/// One well-formed fake credential per detector.
extension SecretFixtures {
    static func cases() -> [Case] {
        var g = Generator(state: 0x5EC2E7)
        var cases: [Case] = []
        /// A token on its own in a YAML-ish line.
        func token(_ id: String, _ secret: String) {
            cases.append(Case(detector: id, text: "value: \(secret)\n", secret: secret))
        }
        token("aws-access-key-id", "AKIA" + g.upper(16))
        token("aws-mws-key", "amzn.mws." + g.hex(8) + "-" + g.hex(4) + "-" + g.hex(4) + "-" + g.hex(4) + "-" + g.hex(12))
        token("gcp-api-key", "AIza" + g.b64u(35))
        token("gcp-oauth-client-secret", "GOCSPX-" + g.b64u(28))
        token("gcp-oauth-access-token", "ya29." + g.b64u(90))
        token("digitalocean-pat", "dop_v1_" + g.hex(64))
        token("digitalocean-oauth-token", "doo_v1_" + g.hex(64))
        token("github-pat", gitHubToken("ghp", generator: &g))
        token("github-oauth-token", gitHubToken("gho", generator: &g))
        token("github-user-to-server-token", gitHubToken("ghu", generator: &g))
        token("github-server-to-server-token", gitHubToken("ghs", generator: &g))
        token("github-refresh-token", gitHubToken("ghr", generator: &g))
        token("github-fine-grained-pat", "github_pat_" + g.b62(22) + "_" + g.b62(59))
        token("gitlab-pat", "glpat-" + g.b62(20))
        token("gitlab-deploy-token", "gldt-" + g.b62(20))
        token("gitlab-runner-token", "glrt-" + g.b62(20))
        token("gitlab-pipeline-trigger-token", "glptt-" + g.hex(40))
        token("gitlab-runner-registration-token", "GR1348941" + g.b62(20))
        token("gitlab-ci-job-token", "glcbt-" + g.b62(24))
        token("gitlab-feed-token", "glft-" + g.b62(20))
        token("gitlab-oauth-secret", "gloas-" + g.hex(64))
        token("gitlab-agent-token", "glagent-" + g.b62(50))
        token("buildkite-token", "bkua_" + g.hex(40))
        token("npm-token", "npm_" + g.b62(36))
        token("pypi-token", "pypi-AgEIcHlwaS5vcmc" + g.b64u(80))
        token("rubygems-token", "rubygems_" + g.hex(48))
        token("docker-hub-pat", "dckr_pat_" + g.b62(27))
        token("postman-api-key", "PMAK-" + g.hex(24) + "-" + g.hex(34))
        token("slack-config-token", "xoxe.xoxp-1-" + g.b62(40))
        token("slack-bot-token", "xoxb-" + g.digits(12) + "-" + g.digits(13) + "-" + g.b62(24))
        token("slack-user-token", "xoxp-" + g.digits(12) + "-" + g.digits(12) + "-" + g.digits(13) + "-" + g.hex(32))
        token("slack-legacy-token", "xoxa-2-" + g.digits(12) + "-" + g.b62(30))
        token("slack-app-token", "xapp-1-A" + g.upper(10) + "-" + g.digits(13) + "-" + g.hex(64))
        token("slack-webhook", "https://hooks.slack.com/services/T" + g.upper(8) + "/B" + g.upper(8) + "/" + g.b62(24))
        token("discord-webhook", "https://discord.com/api/webhooks/" + g.digits(18) + "/" + g.b64u(68))
        let teams = "webhook.office.com/webhookb2/" + g.hex(8) + "@" + g.hex(8) + "/IncomingWebhook/" + g.hex(32) + "/" + g.hex(36)
        cases.append(Case(detector: "teams-webhook", text: "url: https://acme.\(teams)\n", secret: teams))
        token("sendgrid-api-key", "SG." + g.b64u(22) + "." + g.b64u(43))
        token("mailgun-api-key", "key-" + g.hex(32))
        token("twilio-api-key", "SK" + g.hex(32))
        token("stripe-secret-key", "sk_live_" + g.b62(24))
        token("stripe-restricted-key", "rk_live_" + g.b62(24))
        token("stripe-test-key", "sk_test_" + g.b62(24))
        token("stripe-webhook-secret", "whsec_" + g.b64(32))
        token("shopify-access-token", "shpat_" + g.hex(32))
        token("shopify-shared-secret", "shpss_" + g.hex(32))
        token("shopify-custom-app-token", "shpca_" + g.hex(32))
        token("shopify-private-app-token", "shppa_" + g.hex(32))
        token("square-access-token", "EAAA" + g.b64u(60))
        token("square-oauth-token", "sq0atp-" + g.b64u(22))
        token("square-oauth-secret", "sq0csp-" + g.b64u(43))
        token("braintree-access-token", "access_token$production$" + g.string("0123456789abcdefghijklmnopqrstuvwxyz", 16) + "$" + g.hex(32))
        token("shippo-api-token", "shippo_live_" + g.hex(40))
        token("anthropic-api-key", "sk-ant-api03-" + g.b64u(93) + "AA")
        token("anthropic-admin-key", "sk-ant-admin01-" + g.b64u(93) + "AA")
        token("openai-project-key", "sk-proj-" + g.b64u(124))
        token("openai-service-account-key", "sk-svcacct-" + g.b64u(124))
        token("openai-admin-key", "sk-admin-" + g.b64u(124))
        token("openai-api-key", "sk-" + g.b62(20) + "T3BlbkFJ" + g.b62(20))
        token("huggingface-token", "hf_" + g.letters(34))
        token("huggingface-org-token", "api_org_" + g.letters(34))
        token("groq-api-key", "gsk_" + g.b62(52))
        token("replicate-api-token", "r8_" + g.b62(37))
        token("perplexity-api-key", "pplx-" + g.b62(48))
        token("xai-api-key", "xai-" + g.b62(80))
        token("langsmith-api-key", "lsv2_pt_" + g.hex(32) + "_" + g.hex(10))
        token("atlassian-api-token", "ATATT3" + g.b64u(180) + "=" + g.hex(8))
        token("bitbucket-app-password", "ATBB" + g.b62(32))
        token("linear-api-key", "lin_api_" + g.b62(40))
        token("notion-token", "ntn_" + g.digits(11) + g.b62(35))
        token("notion-legacy-token", "secret_" + g.b62(40) + "Z9a")
        token("databricks-token", "dapi" + g.hex(32))
        token("doppler-token", "dp.pt." + g.b62(43))
        token("pulumi-access-token", "pul-" + g.hex(40))
        token("vault-service-token", "hvs." + g.b64u(95))
        token("vault-batch-token", "hvb." + g.b64u(140))
        token("grafana-cloud-token", "glc_" + g.b64(60))
        token("grafana-service-account-token", "glsa_" + g.b62(32) + "_" + g.hex(8))
        token("new-relic-user-key", "NRAK-" + g.upper(27))
        token("sentry-user-token", "sntryu_" + g.hex(64))
        token("sentry-org-token", "sntrys_" + base64url("{\"iat\":1,\"url\":\"https://sentry.io\"}") + "_" + g.b64(40))
        token("figma-pat", "figd_" + g.b64u(40))
        token("dynatrace-token", "dt0c01." + g.upper(24) + "." + g.upper(64))
        token("mapbox-secret-token", "sk." + base64url("{\"u\":\"someone\",\"a\":\"" + g.b62(20) + "\"}") + "." + g.b64u(22))
        token("airtable-pat", "pat" + g.b62(14) + "." + g.hex(64))
        token("planetscale-token", "pscale_tkn_" + g.b64u(43))
        token("tailscale-key", "tskey-auth-" + g.b62(12) + "CNTRL-" + g.b62(30))
        token("prefect-api-key", "pnu_" + g.b62(36))
        token("readme-api-key", "rdme_" + g.b62(70))
        token("heroku-api-key", "HRKU-AA" + g.b64u(58))
        token("supabase-secret-key", "sb_secret_" + g.b64u(40))
        token("age-secret-key", "AGE-SECRET-KEY-1" + g.string("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58))
        token("supabase-service-key", jwt("{\"iss\":\"supabase\",\"role\":\"service_role\"}", generator: &g))
        token("jwt", jwt("{\"sub\":\"1234567890\",\"name\":\"demo\"}", generator: &g))
        token("azure-ad-client-secret", g.b62(3) + "8Q~" + g.string(Alphabet.b62 + "_~.-", 34))
        token("mailchimp-api-key", g.hex(32) + "-us21")
        token("telegram-bot-token", g.digits(10) + ":AA" + g.b64u(33))
        token("terraform-cloud-token", g.b62(14) + ".atlasv1." + g.b64u(67))
        cases += structuredCases(&g)
        return cases
    }

    private static func structuredCases(_ g: inout Generator) -> [Case] {
        var cases: [Case] = []
        func inline(_ id: String, _ secret: String, _ makeText: (String) -> String) {
            cases.append(Case(detector: id, text: makeText(secret), secret: secret))
        }
        let begin = "-----BEGIN "
        let keyBody = (0..<6).map { _ in g.b64(64) }
        inline("private-key", begin + "RSA PRIVATE KEY-----\n" + keyBody.joined(separator: "\n") + "\n-----END RSA PRIVATE KEY-----") { "# key\n\($0)\n" }
        inline("gcp-service-account-key", begin + "PRIVATE KEY-----\\n" + keyBody.joined(separator: "\\n") + "\\n-----END PRIVATE KEY-----\\n") {
            "{\n  \"type\": \"service_account\",\n  \"project_id\": \"demo\",\n  \"private_key\": \"\($0)\",\n  \"client_email\": \"a@b.iam.gserviceaccount.com\"\n}\n"
        }
        inline("putty-private-key", "PuTTY-User-Key-File-3: ssh-ed25519") {
            "\($0)\nEncryption: none\nComment: demo\nPublic-Lines: 2\n\(g.b64(64))\nPrivate-Lines: 1\n\(g.b64(44))\n"
        }
        inline("aws-secret-access-key", g.b64(40)) { "[default]\naws_access_key_id = AKIA" + "ABCDEFGHEXAMPLE\naws_secret_access_key = \($0)\n" }
        inline("twilio-auth-token", g.hex(32)) { "TWILIO_AUTH_TOKEN=\($0)\n" }
        inline("azure-storage-account-key", g.b64(86) + "==") {
            "AZURE_STORAGE=DefaultEndpointsProtocol=https;AccountName=demo;AccountKey=\($0);EndpointSuffix=core.windows.net\n"
        }
        inline("azure-shared-access-key", g.b64(43) + "=") {
            "SB=Endpoint=sb://demo.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=\($0)\n"
        }
        inline("azure-sas-token", g.b64(43) + "%3D") {
            "url: https://demo.blob.core.windows.net/c/f.txt?sv=2022-11-02&ss=b&srt=o&sp=r&se=2030-01-01T00:00:00Z&sig=\($0)\n"
        }
        inline("discord-bot-token", "M" + g.b64u(25) + "." + g.b64u(6) + "." + g.b64u(38)) { "DISCORD_BOT_TOKEN=\($0)\n" }
        inline("database-url-password", g.b62(18)) { "DATABASE_URL=postgresql://app:\($0)@db.internal:5432/app\n" }
        inline("url-basic-auth", g.b62(18)) { "remote: https://deploy:\($0)@git.internal/repo.git\n" }
        return cases
    }
}
