return { 'dataset' }
