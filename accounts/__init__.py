"""People who use the console: coordinators, supervisors, admins — logins, roles, audit trail."""
