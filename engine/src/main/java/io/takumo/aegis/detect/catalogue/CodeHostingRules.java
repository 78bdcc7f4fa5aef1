package io.takumo.aegis.detect.catalogue;

import static io.takumo.aegis.detect.catalogue.TokenRules.prefixed;

import io.takumo.aegis.detect.Rule;
import io.takumo.aegis.detect.heuristic.Base62Crc32Checksum;
import java.util.Arrays;
import java.util.List;

/** Tokens of source hosts (GitHub, GitLab) and package registries (npm, PyPI, Docker Hub…). */
final class CodeHostingRules {

  private CodeHostingRules() {}

  static List<Rule> rules() {
    return Arrays.asList(
        // Personal, OAuth, user-to-server, server-to-server and refresh tokens; checksum verified.
        prefixed("github-token", "ghp", "gh[pousr]_[A-Za-z0-9]{36}", "ghp_", "gho_", "ghu_", "ghs_",
                "ghr_")
            .minEntropy(0)
            .check(TokenRules.STANDALONE.and(new Base62Crc32Checksum("ghp_".length())))
            .standaloneStart(TokenRules.STANDALONE_CHARS)
            .build(),
        prefixed("github-fine-grained-token", "ghp", "github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}",
                "github_pat_")
            .build(),
        gitLab("gitlab-pat", "glpat-[A-Za-z0-9_-]{20,}(?:\\.[0-9a-z]{2}\\.[0-9a-z]{9})?", "glpat-"),
        gitLab("gitlab-deploy-token", "gldt-[A-Za-z0-9_-]{20,}", "gldt-"),
        gitLab("gitlab-runner-token", "glrt-[A-Za-z0-9_-]{20,}(?:\\.[0-9a-z]{2}\\.[0-9a-z]{9})?", "glrt-"),
        gitLab("gitlab-runner-registration-token", "GR1348941[A-Za-z0-9_-]{20}", "GR1348941"),
        gitLab("gitlab-pipeline-trigger-token", "glptt-[a-f0-9]{40}", "glptt-"),
        gitLab("gitlab-oauth-app-secret", "gloas-[A-Za-z0-9_-]{64}", "gloas-"),
        gitLab("gitlab-feed-token", "glft-[A-Za-z0-9_-]{20,}", "glft-"),
        gitLab("gitlab-scim-token", "glsoat-[A-Za-z0-9_-]{20,}", "glsoat-"),
        gitLab("gitlab-job-token", "glcbt-[A-Za-z0-9]{1,5}_[A-Za-z0-9_-]{20,}", "glcbt-"),
        gitLab("gitlab-agent-token", "glagent-[A-Za-z0-9_-]{50,}", "glagent-"),
        // npm granular and automation tokens carry the same CRC32 as GitHub's.
        prefixed("npm-token", "npm", "npm_[A-Za-z0-9]{36}", "npm_")
            .minEntropy(0)
            .check(TokenRules.STANDALONE.and(new Base62Crc32Checksum("npm_".length())))
            .standaloneStart(TokenRules.STANDALONE_CHARS)
            .build(),
        // Macaroons whose base64 starts with the issuer: pypi.org or test.pypi.org.
        prefixed("pypi-token", "pypi",
                "pypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,}", "pypi-Ag")
            .build(),
        prefixed("dockerhub-token", "dckr", "dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,}", "dckr_pat_",
                "dckr_oat_")
            .build(),
        prefixed("rubygems-token", "gem", "rubygems_[A-Za-z0-9]{40,}", "rubygems_").build(),
        prefixed("nuget-api-key", "ngt", "oy2[a-z0-9]{43}", "oy2").build(),
        prefixed("clojars-token", "clj", "CLOJARS_[a-z0-9]{60}", "CLOJARS_").build());
  }

  private static Rule gitLab(String id, String regex, String prefix) {
    return prefixed(id, "gl", regex, prefix).build();
  }
}
