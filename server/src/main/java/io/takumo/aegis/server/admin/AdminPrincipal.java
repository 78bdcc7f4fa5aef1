package io.takumo.aegis.server.admin;

/**
 * Who calls the admin API: the operator (the admin token: everything) or an org's key with the
 * {@code admin} scope (its own org's keys and usage only).
 */
record AdminPrincipal(String orgId, String orgName) {
  static final AdminPrincipal OPERATOR = new AdminPrincipal(null, null);

  boolean operator() {
    return orgId == null;
  }
}
