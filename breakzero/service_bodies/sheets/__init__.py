"""Spreadsheet import (engineers, event attendees) and xlsx exports of the service system."""
