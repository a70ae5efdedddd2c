"""China's regulatory lists, their entries and control measures, and the classification service."""
