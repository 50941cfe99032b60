"""KiểmPhiếu's Qt desktop application: thin widgets over the services in app/."""
