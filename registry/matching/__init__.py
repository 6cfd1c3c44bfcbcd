"""Resolving concrete requests to endpoints: template grammar (``templates``) and the matcher."""
