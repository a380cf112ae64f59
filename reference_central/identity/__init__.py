"""Who may use the central: passwords, the second factor, sessions, workstations, offline grants, integration
tokens, and the throttling of failed sign-ins."""
