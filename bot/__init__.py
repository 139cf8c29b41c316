"""Asielinfo: a general-information assistant for people seeking asylum in the Netherlands."""
