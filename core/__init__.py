"""The ground floor that every app uses the same way: search, outbox, input cleaning, admin helpers.

It imports no app of the project; apps import from it."""
