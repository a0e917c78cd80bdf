(function(){var settings=/*__LINKTOR_SETTINGS__*/null;console.log(settings);})();
