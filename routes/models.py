"""Assessments, centre conclusions, team meeting protocols and individual education
routes. The models arrive with the routes capability; docs/data-model.md describes
them, so that the students and documents apps already leave room for them."""
